import { useStudio } from './store';

export function Notices() {
  const notices = useStudio((s) => s.notices);
  const dismiss = useStudio((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <section className="notices" aria-label="Messages">
      {notices.map((n) => (
        <div key={n.id} role="alert" className={`notice ${n.level}`}>
          <span>{n.text}</span>
          <button className="link" onClick={() => dismiss(n.id)} aria-label="Dismiss message">
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
