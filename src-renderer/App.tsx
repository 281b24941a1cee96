import { VaultStatusScreen } from './screens/VaultStatusScreen';

export function App() {
  return <VaultStatusScreen />;
}
