import { rankLabels, serialiseClassification } from './label-ranking';

const CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];

describe('rankLabels', () => {
  it('sorts by probability, highest first, rounded to 4 decimals', () => {
    const ranked = rankLabels([0.1, 0.00004, 0.81234567, 0.0876, 0.00005], CLASSES);
    expect(ranked).toEqual({
      labels: [
        { label: 'Neutral', probability: 0.8123 },
        { label: 'Drawing', probability: 0.1 },
        { label: 'Porn', probability: 0.0876 },
        { label: 'Sexy', probability: 0.0001 },
        { label: 'Hentai', probability: 0 },
      ],
      top: 'Neutral',
    });
  });

  it('breaks ties of the rounded probabilities by name', () => {
    const ranked = rankLabels([0.20001, 0.2, 0.19999, 0.2, 0.2], ['e', 'c', 'a', 'd', 'b']);
    expect(ranked.labels.map((l) => l.label)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ranked.top).toBe('a');
  });

  it('refuses a probability count that does not match the classes, and non-finite values', () => {
    expect(() => rankLabels([0.5, 0.5], CLASSES)).toThrow(/2 probabilities for 5 classes/);
    expect(() => rankLabels([], [])).toThrow();
    expect(() => rankLabels([Number.NaN, 0, 0, 0, 1], CLASSES)).toThrow(/non-finite/);
  });
});

describe('serialiseClassification', () => {
  it('writes labels then top, with each label before its probability', () => {
    const text = serialiseClassification(rankLabels([0.25, 0, 0.75, 0, 0], CLASSES));
    expect(text).toBe(
      '{"labels":[{"label":"Neutral","probability":0.75},{"label":"Drawing","probability":0.25},' +
        '{"label":"Hentai","probability":0},{"label":"Porn","probability":0},' +
        '{"label":"Sexy","probability":0}],"top":"Neutral"}',
    );
  });
});
