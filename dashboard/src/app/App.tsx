// Chooses the screen: start-up, login, or the command centre itself.
import { LoginPage } from '../login/LoginPage';
import { MainPage } from '../main/MainPage';
import { ReplayPage } from '../replay/ReplayPage';
import { selectToken, useSession } from '../store/session';
import { StartupScreen } from './StartupScreen';
import { useClientConfig } from './useClientConfig';
import { useSessionExpiry } from './useSessionExpiry';

export function App() {
  const { config, error, retry } = useClientConfig();
  const token = useSession(selectToken);
  useSessionExpiry();

  if (!config) return <StartupScreen error={error} onRetry={retry} />;
  if (!token) return <LoginPage townName={config.townName} />;
  // The replay screen has its own address so a replay can be linked to (and reloaded).
  if (window.location.pathname.startsWith('/replay')) return <ReplayPage config={config} />;
  return <MainPage config={config} />;
}
