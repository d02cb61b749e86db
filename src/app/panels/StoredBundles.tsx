import { useEffect } from 'react';
import { deleteStored, downloadStored, openStored, refreshStored } from '../actions';
import { megabytes } from '../format';
import { useStudio } from '../store';

export function StoredBundles() {
  const stored = useStudio((s) => s.stored);
  const current = useStudio((s) => s.subject?.storedAs);
  useEffect(() => {
    refreshStored().catch((error: Error) =>
      useStudio.getState().notify('error', `Stored bundles: ${error.message}`),
    );
  }, []);
  if (stored.length === 0) return null;
  return (
    <section>
      <h3>Bundles kept in this browser</h3>
      <table className="files" data-testid="stored-bundles">
        <tbody>
          {stored.map((b) => (
            <tr key={b.name}>
              <td>
                {b.name}
                {b.name === current && <span className="ok"> · open</span>}
              </td>
              <td>{megabytes(b.size)}</td>
              <td>
                <button onClick={() => void openStored(b.name)}>Open</button>{' '}
                <button onClick={() => void downloadStored('bundles', b.name)}>Download</button>{' '}
                <button onClick={() => void deleteStored(b.name)} aria-label={`Delete ${b.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
