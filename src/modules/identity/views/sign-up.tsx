import { Page } from '../../../platform/web/layout.tsx';
import type { Shell } from '../../../platform/web/shell.ts';
import { ErrorSummary, InputField, formTitle, type FieldProblem } from '../../../platform/web/form.tsx';
import { SIGN_UP_LIMITS, type SignUpInput, type SignUpProblems } from '../sign-up-resident.ts';

export interface SignUpView {
  values: Omit<SignUpInput, 'password' | 'passwordAgain' | 'locale'>;
  problems: SignUpProblems;
  returnTo: string;
  idLabel: string;
  idExample: string;
}

const FIELDS = ['idNumber', 'name', 'birthDate', 'email', 'password', 'passwordAgain'] as const;

export function SignUpPage({ shell, view }: { shell: Shell; view: SignUpView }): JSX.Element {
  const { tr } = shell;
  const title = tr.t('resident.signUp.title');
  const say = (field: string) => {
    const code = view.problems[field as keyof SignUpProblems];
    return code ? tr.t(`resident.signUp.error.${field}.${code}`, { idLabel: view.idLabel }) : undefined;
  };
  const problems: FieldProblem[] = [
    ...(view.problems.form ? [{ field: 'idNumber', message: say('form')! }] : []),
    ...FIELDS.flatMap((f) => (say(f) ? [{ field: f, message: say(f)! }] : [])),
  ];
  return (
    <Page shell={shell} title={formTitle(tr, title, problems.length > 0)}>
      <div class="narrow">
        <h1 safe>{title}</h1>
        <p class="lead">{tr.h('resident.signUp.lead')}</p>
        <ErrorSummary tr={tr} problems={problems} />
        {view.problems.form === 'already_registered' ? <p><a href="/sign-in">{tr.h('resident.signUp.goSignIn')}</a></p> : ''}
        <form method="post" action="/sign-up" class="stack" novalidate>
          <input type="hidden" name="_csrf" value={shell.csrfToken} />
          <input type="hidden" name="return" value={view.returnTo} />
          <fieldset class="stack">
            <legend>{tr.h('resident.signUp.whoYouAre')}</legend>
            <InputField id="idNumber" label={view.idLabel} hint={tr.t('resident.idNumber.hint', { example: view.idExample })} error={say('idNumber')}
              value={view.values.idNumber} inputmode="numeric" autocomplete="off" required maxlength={SIGN_UP_LIMITS.idNumber} />
            <InputField id="name" label={tr.t('resident.signUp.name')} hint={tr.t('resident.signUp.nameHint')} error={say('name')}
              value={view.values.name} autocomplete="name" required maxlength={SIGN_UP_LIMITS.name} />
            <InputField id="birthDate" label={tr.t('resident.signUp.birthDate')} hint={tr.t('resident.signUp.birthDateHint')} error={say('birthDate')}
              value={view.values.birthDate} type="date" autocomplete="bday" required />
          </fieldset>
          <fieldset class="stack">
            <legend>{tr.h('resident.signUp.howToReachYou')}</legend>
            <InputField id="email" label={tr.t('resident.signUp.email')} hint={tr.t('resident.signUp.emailHint')} error={say('email')}
              value={view.values.email} type="email" autocomplete="email" maxlength={SIGN_UP_LIMITS.email} />
          </fieldset>
          <fieldset class="stack">
            <legend>{tr.h('resident.signUp.password')}</legend>
            <InputField id="password" label={tr.t('resident.password')} hint={tr.t('resident.signUp.passwordHint')} error={say('password')}
              type="password" autocomplete="new-password" required maxlength={SIGN_UP_LIMITS.password} />
            <InputField id="passwordAgain" label={tr.t('resident.signUp.passwordAgain')} error={say('passwordAgain')}
              type="password" autocomplete="new-password" required maxlength={SIGN_UP_LIMITS.password} />
          </fieldset>
          <button type="submit" class="button">{tr.h('resident.signUp.submit')}</button>
        </form>
      </div>
    </Page>
  );
}
