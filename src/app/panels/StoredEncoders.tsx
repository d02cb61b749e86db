/** Encoders kept in this browser (open, download, delete), and a drop zone for an encoder file. */
import { deleteEncoder, downloadEncoder, openEncoderFiles, openStoredEncoder } from '../fit';
import { megabytes } from '../format';
import { useStudio } from '../store';
import { DropZone } from './DropZone';

export function StoredEncoders() {
  const stored = useStudio((s) => s.fit.stored);
  const openId = useStudio((s) => s.fit.open?.id);
  return (
    <section>
      <h3>Encoders</h3>
      {stored.length > 0 && (
        <table className="files" data-testid="stored-encoders">
          <tbody>
            {stored.map((e) => (
              <tr key={e.name}>
                <td>
                  {e.name}
                  {e.name === openId && <span className="ok"> · open</span>}
                </td>
                <td>{megabytes(e.size)}</td>
                <td>
                  <button onClick={() => void openStoredEncoder(e.name)} disabled={e.name === openId}>
                    Open
                  </button>{' '}
                  <button onClick={() => void downloadEncoder(e.name)} aria-label={`Download ${e.name}`}>
                    Download
                  </button>{' '}
                  <button onClick={() => void deleteEncoder(e.name)} aria-label={`Delete ${e.name}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <DropZone testId="encoder-dropzone" onDrop={(data) => void openEncoderFiles(Array.from(data.files))}>
        <p>
          Drop an encoder file (<code>.h5</code>, downloaded from here or written by{' '}
          <code>boldstudio fit</code>) here to open it. Encoders are kept in this browser.
        </p>
        <label className="button">
          Open encoder…
          <input
            type="file"
            hidden
            accept=".h5,.hdf5"
            data-testid="encoder-input"
            onChange={(e) => {
              void openEncoderFiles(Array.from(e.target.files ?? []));
              e.target.value = '';
            }}
          />
        </label>
      </DropZone>
    </section>
  );
}
