import { JobList } from './JobList';
import { Notices } from './Notices';
import { PANELS } from './panels';
import { StatusBar } from './StatusBar';
import { useStudio } from './store';

export function App() {
  const panel = useStudio((s) => s.panel);
  const setPanel = useStudio((s) => s.setPanel);
  const subject = useStudio((s) => s.subject?.summary);
  const Active = PANELS.find((p) => p.id === panel)!.component;
  return (
    <div className="studio">
      <header className="topbar">
        <h1>boldstudio</h1>
        <span className="subject" data-testid="subject">
          {subject
            ? `${subject.subject} · ${subject.space} · ${subject.units.toLocaleString()} units`
            : 'no subject loaded'}
        </span>
      </header>
      <nav className="sidebar" aria-label="Panels">
        {PANELS.map((p) => (
          <button
            key={p.id}
            className={p.id === panel ? 'active' : ''}
            aria-current={p.id === panel ? 'page' : undefined}
            onClick={() => setPanel(p.id)}
          >
            {p.title}
            {!p.built && <span className="soon">planned</span>}
          </button>
        ))}
      </nav>
      <main className="panel" aria-label={PANELS.find((p) => p.id === panel)!.title}>
        <Active />
      </main>
      <aside className="side">
        <Notices />
        <JobList />
      </aside>
      <StatusBar />
    </div>
  );
}
