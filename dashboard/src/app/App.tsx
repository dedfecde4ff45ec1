// Chooses the screen: start-up, login, or the command centre itself.
import { LoginPage } from '../login/LoginPage';
import { MainPage } from '../main/MainPage';
import { selectToken, useSession } from '../store/session';
import { StartupScreen } from './StartupScreen';
import { useClientConfig } from './useClientConfig';
import { useSessionExpiry } from './useSessionExpiry';

export function App() {
  const { config, error, retry } = useClientConfig();
  const token = useSession(selectToken);
  useSessionExpiry();

  if (!config) return <StartupScreen error={error} onRetry={retry} />;
  return token ? <MainPage config={config} /> : <LoginPage townName={config.townName} />;
}
