import { describe, expect, it } from 'vitest';
import { IMAGENET_PREPROCESSING, parsePreprocessing, preprocessImages } from './preprocess';

describe('backbone preprocessing', () => {
  it('normalises pixel/255 with the mean and std, channels first', () => {
    const image = new Uint8Array(2 * 2 * 3);
    for (let p = 0; p < 4; p++) image.set([255, 0, 128], p * 3);
    const p = { ...IMAGENET_PREPROCESSING, inputSize: 2 };
    const x = preprocessImages(image, 2, p);
    expect(x.length).toBe(12);
    expect(x[0]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(x[4]).toBeCloseTo((0 - 0.456) / 0.224, 5);
    expect(x[8]).toBeCloseTo((128 / 255 - 0.406) / 0.225, 5);
    const bgr = preprocessImages(image, 2, { ...p, channelOrder: 'BGR' });
    expect(bgr[0]).toBeCloseTo(x[8], 5);
  });

  it('reads a sidecar over the ImageNet defaults and refuses bad fields by name', () => {
    expect(parsePreprocessing({ inputSize: 128, mean: [0.5, 0.5, 0.5] })).toEqual({
      ...IMAGENET_PREPROCESSING,
      inputSize: 128,
      mean: [0.5, 0.5, 0.5],
    });
    expect(() => parsePreprocessing({ std: [1, 0, 1] }, 'alexnet.onnx.json')).toThrow(
      /alexnet.onnx.json: "std" must be three positive numbers/,
    );
    expect(() => parsePreprocessing({ colour: 'yes' })).toThrow(/unknown field "colour"/);
    expect(() => parsePreprocessing([1])).toThrow(/not a JSON object/);
  });
});
