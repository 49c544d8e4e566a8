import { parseRoute } from './router';

describe('dashboard routes', () => {
  it('reads pages, the job page and list filters from the fragment', () => {
    expect(parseRoute('')).toEqual({ page: 'chain' });
    expect(parseRoute('#/pipeline')).toEqual({ page: 'pipeline' });
    expect(parseRoute('#/jobs/42')).toEqual({ page: 'job', id: '42' });
    expect(parseRoute('#/jobs?status=Completed&model=ocr')).toEqual({
      page: 'jobs',
      filters: { status: 'Completed', model: 'ocr' },
    });
  });

  it('falls back to the chain page for anything unknown', () => {
    expect(parseRoute('#/nowhere')).toEqual({ page: 'chain' });
    expect(parseRoute('#/jobs/not-a-number')).toEqual({ page: 'jobs', filters: {} });
  });
});
