import type { Translator } from '../../../platform/i18n/i18n.ts';
import type { ApplicationEvent, ApplicationStatus } from '../store.ts';
import type { WorkflowStep } from '../../packs/index.ts';

export function StatusTag({ tr, status }: { tr: Translator; status: ApplicationStatus }): JSX.Element {
  return <strong class={`status-tag status-${status}`}>{tr.h(`applications.status.${status}`)}</strong>;
}

/** Every step of an application with its date; officers' and residents' messages in full. */
export function Timeline({ tr, events, who, steps }: { tr: Translator; events: ApplicationEvent[]; who: (actor: string) => string; steps: WorkflowStep[] }): JSX.Element {
  const stepTitle = (id: string | null) => tr.text(steps.find((s) => s.id === id)?.title) || (id ?? '');
  return (
    <ol class="timeline">
      {events.map((e) => (
        <li>
          <p class="timeline-when"><time datetime={e.at.toISOString()} safe>{tr.when(e.at, 'dateTime')}</time></p>
          <p class="timeline-what">{tr.h(`applications.event.${e.kind}`, { who: who(e.actor), step: stepTitle(e.step) })}</p>
          {e.message ? <blockquote class="timeline-message" safe>{e.message}</blockquote> : ''}
        </li>
      ))}
    </ol>
  );
}
