/** A panel whose capability is not built yet: it says so, and what it will do. */
export function plannedPanel(title: string, purpose: string) {
  function Planned() {
    return (
      <section className="planned" data-testid="planned-panel">
        <h2>{title}</h2>
        <p>
          <strong>Not built yet.</strong> {purpose}
        </p>
      </section>
    );
  }
  Planned.displayName = `${title}Planned`;
  return Planned;
}
