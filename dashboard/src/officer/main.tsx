// Entry point of the officer app: the officer's phone, one hand, often in sunlight.
import './officer.css';
import '../i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OfficerApp } from './OfficerApp';
import { keepAppOffline } from './offlineShell';

const root = document.getElementById('root');
if (!root) throw new Error('officer.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <OfficerApp />
  </StrictMode>,
);

keepAppOffline();
