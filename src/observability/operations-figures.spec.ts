import { pipelineMinutes, type PipelineSample, type PipelineStage } from './operations-figures';

const at = (iso: string) => new Date(`2026-03-01T${iso}Z`);
const sample = (id: number, stage: PipelineStage, time: string): PipelineSample => ({
  queueJobId: BigInt(id),
  stage,
  at: at(time),
});

describe('pipelineMinutes', () => {
  it('counts finished jobs per minute and averages each stage from the previous one', () => {
    const samples = [
      sample(1, 'seen', '10:00:10.000'),
      sample(1, 'admitted', '10:00:11.000'),
      sample(1, 'running', '10:00:12.000'),
      sample(1, 'result', '10:00:15.000'),
      sample(2, 'seen', '10:00:20.000'),
      sample(2, 'admitted', '10:00:23.000'),
      sample(2, 'running', '10:00:24.000'),
      sample(2, 'result', '10:01:04.000'),
      sample(2, 'attestation', '10:01:10.000'),
    ];
    const minutes = pipelineMinutes(samples, at('10:02:30.000'), 3);
    expect(minutes.map((m) => m.start.toISOString())).toEqual([
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T10:01:00.000Z',
      '2026-03-01T10:02:00.000Z',
    ]);
    expect(minutes.map((m) => m.finished)).toEqual([1, 1, 0]);
    expect(minutes[0]!.latencyMs).toMatchObject({ admitted: 2000, running: 1000, result: 3000 });
    expect(minutes[1]!.latencyMs).toMatchObject({ result: 40_000, attestation: 6000, marks: null });
    expect(minutes[2]!.latencyMs.admitted).toBeNull();
  });

  it('takes the first time of a stage, but the last mark, and skips a stage a job never reached', () => {
    const samples = [
      sample(7, 'seen', '10:00:00.000'),
      sample(7, 'running', '10:00:05.000'),
      sample(7, 'running', '10:00:30.000'),
      sample(7, 'result', '10:00:40.000'),
      sample(7, 'marks', '10:00:45.000'),
      sample(7, 'marks', '10:00:50.000'),
    ];
    const [minute] = pipelineMinutes(samples, at('10:00:59.000'), 1);
    // no `admitted` sample: running is measured from `seen`; the second running changes nothing
    expect(minute!.latencyMs).toMatchObject({
      admitted: null,
      running: 5000,
      result: 35_000,
      marks: 10_000,
    });
  });

  it('leaves out stages reached before the window but measures from them', () => {
    const samples = [sample(3, 'seen', '09:00:00.000'), sample(3, 'admitted', '10:00:01.000')];
    const minutes = pipelineMinutes(samples, at('10:00:30.000'), 2);
    expect(minutes.map((m) => m.latencyMs.admitted)).toEqual([null, 3_601_000]);
  });
});
