import { contentDigestOf, resultView } from './result-view';

describe('result views', () => {
  it('shows OCR text as text', () => {
    expect(resultView({ kind: 'text', size: 5, text: 'hello' })).toEqual({
      kind: 'text',
      text: 'hello',
    });
  });

  it('recognises VAD segments and MobileNet labels by their shape', () => {
    const segments = [{ startMs: 0, endMs: 480 }];
    expect(resultView({ kind: 'json', size: 1, json: { segments, speechMs: 480 } })).toEqual({
      kind: 'segments',
      segments,
    });
    const labels = [{ label: 'Neutral', probability: 0.9 }];
    expect(resultView({ kind: 'json', size: 1, json: { labels, top: 'Neutral' } })).toEqual({
      kind: 'labels',
      labels,
    });
    expect(resultView({ kind: 'json', size: 1, json: { segments: [{ startMs: 'x' }] } }).kind).toBe(
      'json',
    );
  });

  it('offers binary outputs as a download of their content address', () => {
    const ref = `cas:sha256:${'a'.repeat(64)}`;
    expect(resultView({ kind: 'reference', size: 10, ref })).toEqual({
      kind: 'download',
      ref,
      size: 10,
    });
    expect(contentDigestOf(ref)).toBe('a'.repeat(64));
    expect(contentDigestOf('cas:sha256:xyz')).toBeNull();
  });
});
