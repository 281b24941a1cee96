import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WORKFLOW = '.github/workflows/ci.yml';
const lintWorkflows = (folder?: string) =>
  spawnSync(process.execPath, ['scripts/lint-workflows.mjs', ...(folder ? [folder] : [])], { encoding: 'utf8' });

describe('npm run lint:workflows', () => {
  let dir: string;
  let workflow: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'asc-workflows-'));
    workflow = await readFile(WORKFLOW, 'utf8');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts the repository’s workflows', () => {
    const run = lintWorkflows();
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('ok ci.yml');
    expect(run.status).toBe(0);
  });

  // One row per way a workflow breaks; each is the real workflow with one edit.
  it.each([
    ['a misspelt trigger', 'workflow_dispatch:\n', 'workflow_dispatchh:\n', '/on'],
    ['a job without steps', 'timeout-minutes: 60\n    steps:', 'timeout-minutes: 60\n    stepz:', '/jobs/test'],
    ['a job that needs a job that does not exist', '    needs: test\n', '    needs: tset\n', 'unresolved job tset'],
    ['YAML that does not parse', 'if-no-files-found: error\n', 'if-no-files-found: error\n          path: [\n', 'parse_error'],
  ])('fails on %s, saying where', async (name, from, to, said) => {
    expect(workflow).toContain(from);
    const folder = await mkdtemp(path.join(dir, 'broken-'));
    await writeFile(path.join(folder, 'ci.yml'), workflow.replace(from, to));
    const run = lintWorkflows(folder);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('not ok ci.yml');
    expect(run.stderr).toContain(said);
  });

  it('fails on a folder with no workflow at all', async () => {
    const folder = await mkdtemp(path.join(dir, 'empty-'));
    const run = lintWorkflows(folder);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No workflow files');
  });
});
