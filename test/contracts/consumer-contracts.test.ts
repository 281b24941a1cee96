import { describe, expect, it } from 'vitest';
import { EXPORT_TARGET_IDS, EXPORT_TARGETS } from '../../src-shared/exports/export-targets';
import { expectCaseHolds, writeExport, type ConsumerContract, type ContractCase } from './contract';
import { CONSUMER_CONTRACTS } from './targets';

/**
 * One contract per export target (test/contracts/targets/<target>.ts): what its consumer reads, from the consumer's
 * own source or documentation. Each case is written by the real export code from fresh keys and checked against it;
 * where the consumer runs here (Apple's App Store Server Library, an App Store Connect API client, @expo/eas-json,
 * dotenv, a POSIX shell), it reads the written files itself.
 */

const contracts: ConsumerContract[] = Object.values(CONSUMER_CONTRACTS);
const rows = contracts.flatMap((contract) => contract.cases.map((contractCase: ContractCase) => ({ contract, contractCase, title: `${contract.target}: ${contractCase.name}` })));

describe('consumer contracts', () => {
  it('has one contract for every export target, each naming its consumer, a source and the version read', () => {
    expect(Object.keys(CONSUMER_CONTRACTS).sort()).toEqual([...EXPORT_TARGET_IDS].sort());
    for (const contract of contracts) {
      expect(contract.consumer.length, contract.target).toBeGreaterThan(0);
      expect(contract.version.length, contract.target).toBeGreaterThan(0);
      expect(contract.sources.length, contract.target).toBeGreaterThan(0);
      for (const source of contract.sources) expect(source, contract.target).toMatch(/^https:\/\//);
      expect(contract.cases.length, contract.target).toBeGreaterThan(0);
    }
  });

  it('covers every kind of key each target takes', () => {
    for (const contract of contracts) {
      for (const spec of EXPORT_TARGETS[contract.target].slots.filter((slot) => slot.required)) {
        const covered = new Set(contract.cases.map((contractCase) => contractCase.keys[spec.slot]));
        for (const kind of spec.kinds) expect(covered.has(kind), `${contract.target} ${spec.slot} ${kind}`).toBe(true);
      }
    }
  });

  for (const { contract, contractCase, title } of rows) {
    it(`${title}: the files, fields and steps its consumer reads are there`, () => {
      expectCaseHolds(contractCase, writeExport(contract.target, contractCase.keys, contractCase.options));
    });
    const consume = contractCase.consume;
    if (consume) {
      it(`${title}: the consumer reads the written export`, async () => {
        await consume(writeExport(contract.target, contractCase.keys, contractCase.options));
      });
    }
  }
});
