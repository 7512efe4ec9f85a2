import { z } from 'zod';

/** What one grader says about one output. `reason` is a single line, safe for report tables. */
export const GradeResult = z
  .object({
    /** The grader's `name`, or its type when unnamed. */
    grader: z.string(),
    pass: z.boolean(),
    score: z.number().min(0).max(1),
    reason: z.string(),
  })
  .strict();

/** Every grader's verdict on one case: it passes only when all of them pass; score is their mean. */
export const CaseGrade = z
  .object({
    pass: z.boolean(),
    score: z.number().min(0).max(1),
    grades: z.array(GradeResult),
  })
  .strict();

export type GradeResult = z.infer<typeof GradeResult>;
export type CaseGrade = z.infer<typeof CaseGrade>;
