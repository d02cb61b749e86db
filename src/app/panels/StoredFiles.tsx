/** A table of files kept in this browser's private storage, each with Open, Download and Delete. */
import { megabytes } from '../format';

export interface StoredFilesProps {
  files: { name: string; size: number }[];
  /** The file now open, marked and not reopened. */
  open?: string;
  testId: string;
  onOpen(name: string): void;
  onDownload(name: string): void;
  onDelete(name: string): void;
}

export function StoredFiles({ files, open, testId, onOpen, onDownload, onDelete }: StoredFilesProps) {
  return (
    <table className="files" data-testid={testId}>
      <tbody>
        {files.map((f) => (
          <tr key={f.name}>
            <td>
              {f.name}
              {f.name === open && <span className="ok"> · open</span>}
            </td>
            <td>{megabytes(f.size)}</td>
            <td>
              <button onClick={() => onOpen(f.name)} disabled={f.name === open}>
                Open
              </button>{' '}
              <button onClick={() => onDownload(f.name)} aria-label={`Download ${f.name}`}>
                Download
              </button>{' '}
              <button onClick={() => onDelete(f.name)} aria-label={`Delete ${f.name}`}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
