/** What is wrong with a console form, by field id; the view turns each code into a sentence. */
export type ProblemCode =
  | 'required' | 'too_long' | 'no_target' | 'unknown_target' | 'bad_choice'
  | 'already_resolved' | 'bad_time' | 'end_before_start' | 'already_over' | 'already_cancelled';

export interface FormProblem { field: string; code: ProblemCode; language?: string; max?: number }
