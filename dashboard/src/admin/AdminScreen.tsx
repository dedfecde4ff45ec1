// Administration (administrators): officers, devices, grid areas, the duty roster, task
// categories with their SLAs, and accounts with their roles; one section at a time.
import type { ClientConfig } from '@fcc/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CategoriesAdmin } from './CategoriesAdmin';
import { DevicesAdmin } from './DevicesAdmin';
import { GridsAdmin } from './GridsAdmin';
import { OfficersAdmin } from './OfficersAdmin';
import { RosterAdmin } from './RosterAdmin';
import { UsersAdmin } from './UsersAdmin';
import './admin.css';

const SECTIONS = ['officers', 'devices', 'grids', 'roster', 'categories', 'users'] as const;
type Section = (typeof SECTIONS)[number];

interface Props {
  /** For the grid editor's map. */
  config: ClientConfig;
  /** The map's grid layers reload after areas or cells change here. */
  onGridsChanged: () => void;
}

export function AdminScreen({ config, onGridsChanged }: Props) {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('officers');
  return (
    <section className="screen admin-screen" data-testid="admin-screen">
      <header className="screen-header">
        <h1>{t('admin.heading')}</h1>
        <div className="tabs admin-tabs" role="tablist">
          {SECTIONS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              className="tab"
              aria-selected={section === id}
              data-testid={`admin-tab-${id}`}
              onClick={() => setSection(id)}
            >
              {t(`admin.sections.${id}`)}
            </button>
          ))}
        </div>
      </header>
      <div className="admin-body" role="tabpanel">
        {section === 'officers' && <OfficersAdmin />}
        {section === 'devices' && <DevicesAdmin />}
        {section === 'grids' && <GridsAdmin config={config} onChanged={onGridsChanged} />}
        {section === 'roster' && <RosterAdmin />}
        {section === 'categories' && <CategoriesAdmin />}
        {section === 'users' && <UsersAdmin />}
      </div>
    </section>
  );
}
