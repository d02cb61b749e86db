import { useState } from 'react';
import type { Preprocessing } from '../../core/backbone/preprocess';
import { savePreprocessing } from '../backbone';
import { useStudio } from '../store';

const triple = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number) as Preprocessing['mean'];

/** The open model's preprocessing sidecar, editable; checked by the same parser as files. */
export function PreprocessingForm() {
  const record = useStudio((s) => s.backbone.open?.record);
  if (!record) return null;
  return <Form key={`${record.id}:${JSON.stringify(record.preprocessing)}`} value={record.preprocessing} />;
}

function Form({ value }: { value: Preprocessing }) {
  const [inputSize, setInputSize] = useState(String(value.inputSize));
  const [mean, setMean] = useState(value.mean.join(', '));
  const [std, setStd] = useState(value.std.join(', '));
  const [order, setOrder] = useState(value.channelOrder);
  return (
    <section>
      <h3>Preprocessing</h3>
      <form
        className="row"
        data-testid="preprocessing"
        onSubmit={(e) => {
          e.preventDefault();
          void savePreprocessing({
            inputSize: Number(inputSize),
            mean: triple(mean),
            std: triple(std),
            channelOrder: order,
          });
        }}
      >
        <label>
          Input size <input type="number" value={inputSize} onChange={(e) => setInputSize(e.target.value)} />
        </label>
        <label>
          Mean <input value={mean} onChange={(e) => setMean(e.target.value)} size={18} />
        </label>
        <label>
          Std <input value={std} onChange={(e) => setStd(e.target.value)} size={18} />
        </label>
        <label>
          Channels{' '}
          <select value={order} onChange={(e) => setOrder(e.target.value as Preprocessing['channelOrder'])}>
            <option>RGB</option>
            <option>BGR</option>
          </select>
        </label>
        <button type="submit">Save</button>
      </form>
      <p className="muted">
        Pixels/255, then (x − mean) / std per channel, after resizing to the input size.
      </p>
    </section>
  );
}
