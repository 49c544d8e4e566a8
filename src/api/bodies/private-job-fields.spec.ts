import type { JobBody, TimelineBody } from '../dto/jobs.dto';
import { publicRefs, WITHHELD, withholdEngineDetails, withholdJobRefs } from './private-job-fields';

const JOB: JobBody = {
  id: '7',
  owner: `0x${'ab'.repeat(20)}`,
  modelRef: 'ocr:pp-ocrv4',
  dataRef: 'cas:sha256:00',
  areRefsWithheld: false,
  budget: '1',
  status: 'Completed',
  assignedProvider: null,
  deadline: '100',
  privacyRequired: true,
  resultHash: 'sha256:11',
  completedBy: null,
  cancelCount: 0,
  submittedBlock: '5',
  updatedBlock: '9',
  escrow: null,
};

describe('private job fields', () => {
  it('withholds the references of a private job and says so; a public job is left as it is', () => {
    expect(withholdJobRefs(JOB)).toEqual({
      ...JOB,
      modelRef: WITHHELD,
      dataRef: WITHHELD,
      areRefsWithheld: true,
    });
    const open = { ...JOB, privacyRequired: false };
    expect(withholdJobRefs(open)).toBe(open);
    expect(publicRefs(JOB)).toEqual({ modelRef: 'withheld', dataRef: 'withheld' });
    expect(publicRefs(open)).toEqual({ modelRef: 'ocr:pp-ocrv4', dataRef: 'cas:sha256:00' });
  });

  it('withholds every engine detail that is set, keeps the rest of the timeline', () => {
    const stage = (detail: string | null) => ({
      stage: 'admitted',
      at: '2026-01-01T00:00:00.000Z',
      detail,
      msSincePrevious: null,
      msSinceDiscovered: null,
    });
    const body: TimelineBody = {
      id: '7',
      stages: [],
      engine: [stage('ocr:pp-ocrv4'), stage(null)],
      merged: [],
    };
    expect(withholdEngineDetails(body).engine).toEqual([stage(WITHHELD), stage(null)]);
    expect(withholdEngineDetails({ ...body, engine: null }).engine).toBeNull();
  });
});
