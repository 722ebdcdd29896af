export {
  type Answer, type Answers, type RawValues, type EForm, type FormPage, type FormField, type IdNumberRule,
  visiblePages, visibleFields, nextPageId, previousPageId, pageProgress, dropHiddenAnswers, mergePageAnswers, pageById,
} from './form-model.ts';
export { readPage, type FormBody, type PageRead, type ReadOptions } from './read-page.ts';
export { validatePage, validateForm, type FieldError, type FormError, type ValidationContext } from './validate.ts';
export { EFormPage, type EFormPageProps } from './views/eform-page.tsx';
export { ErrorSummary } from './views/error-summary.tsx';
export { CheckAnswers, type CheckAnswersProps } from './views/check-answers.tsx';
export { fieldId, presentAnswer, type UploadedFile, type UploadedFiles } from './views/present.ts';
