import { useState, type DragEvent, type ReactNode } from 'react';

/** A region that highlights while files are dragged over it and hands the drop to `onDrop`. */
export function DropZone(props: {
  testId: string;
  onDrop: (data: DataTransfer) => void;
  children: ReactNode;
}) {
  const [over, setOver] = useState(false);
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      data-testid={props.testId}
      onDragOver={(e: DragEvent) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        setOver(false);
        props.onDrop(e.dataTransfer);
      }}
    >
      {props.children}
    </div>
  );
}
