/**
 * The conversation's settings, each a plain form control (so the keyboard and screen readers know
 * them): status, priority, assignee, labels (add, remove) and snooze until a chosen time. Every
 * change is one PATCH; the answer (and the stream) updates the view.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent, Conversation, ConversationChanges } from '../api/types.ts';
import { fullTime } from '../format.ts';

const STATUSES = ['open', 'pending', 'resolved'] as const;
const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'] as const;

/** A datetime-local value (the browser's local time) for "tomorrow at 9:00". */
function tomorrowMorning(now = new Date()): string {
  const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T09:00`;
}

export interface ConversationControlsProps {
  conversation: Conversation;
  agents: Record<string, Agent>;
  me: string;
  onChange: (changes: ConversationChanges) => void;
}

export function ConversationControls({ conversation, agents, me, onChange }: ConversationControlsProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [label, setLabel] = useState('');
  const [until, setUntil] = useState(tomorrowMorning);
  const snoozed = conversation.status === 'snoozed';
  const people = Object.values(agents)
    .filter((agent) => agent.role !== 'partner')
    .sort((a, b) => a.name.localeCompare(b.name, i18n.language));

  function addLabel(event: FormEvent) {
    event.preventDefault();
    const value = label.trim().toLowerCase();
    if (!value) return;
    if (!conversation.labels.includes(value)) onChange({ labels: [...conversation.labels, value] });
    setLabel('');
  }

  function snooze(event: FormEvent) {
    event.preventDefault();
    const date = new Date(until);
    if (Number.isNaN(date.getTime())) return;
    onChange({ status: 'snoozed', snoozedUntil: date.toISOString() });
  }

  return (
    <section className="controls" aria-label={t('conversation.details')} data-controls="">
      <div className="control">
        <label htmlFor={`${id}-status`} className="control__label">
          {t('conversation.status')}
        </label>
        <select
          id={`${id}-status`}
          value={conversation.status}
          onChange={(event) => onChange({ status: event.target.value as (typeof STATUSES)[number] })}
          data-control="status"
        >
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
          {snoozed && (
            <option value="snoozed" disabled>
              {t('status.snoozed')}
            </option>
          )}
        </select>
      </div>
      <div className="control">
        <label htmlFor={`${id}-priority`} className="control__label">
          {t('conversation.priority')}
        </label>
        <select
          id={`${id}-priority`}
          value={conversation.priority}
          onChange={(event) => onChange({ priority: event.target.value as (typeof PRIORITIES)[number] })}
          data-control="priority"
        >
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="control">
        <label htmlFor={`${id}-assignee`} className="control__label">
          {t('conversation.assignee')}
        </label>
        <select
          id={`${id}-assignee`}
          value={conversation.assigneeId ?? ''}
          onChange={(event) => onChange({ assigneeId: event.target.value || null })}
          data-control="assignee"
        >
          <option value="">{t('conversation.unassigned')}</option>
          {people.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.id === me ? `${agent.name} (${t('message.you')})` : agent.name}
            </option>
          ))}
        </select>
      </div>
      <form className="control control--snooze" onSubmit={snooze}>
        <label htmlFor={`${id}-until`} className="control__label">
          {snoozed && conversation.snoozedUntil
            ? t('conversation.snoozedUntil', { time: fullTime(conversation.snoozedUntil, i18n.language) })
            : t('conversation.snoozeUntil')}
        </label>
        <span className="control__row">
          <input
            id={`${id}-until`}
            type="datetime-local"
            value={until}
            onChange={(event) => setUntil(event.target.value)}
            data-control="snooze-until"
          />
          <button type="submit" className="button" disabled={!until}>
            {t('conversation.snooze')}
          </button>
        </span>
      </form>
      <div className="control control--labels">
        <span className="control__label" id={`${id}-labels`}>
          {t('conversation.labels')}
        </span>
        <ul className="labels" aria-labelledby={`${id}-labels`}>
          {conversation.labels.length === 0 && <li className="muted">{t('conversation.noLabels')}</li>}
          {conversation.labels.map((name) => (
            <li key={name} className="label-chip" data-label={name}>
              {name}
              <button
                type="button"
                className="label-chip__remove"
                aria-label={t('conversation.removeLabel', { label: name })}
                onClick={() => onChange({ labels: conversation.labels.filter((l) => l !== name) })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <form className="control__row" onSubmit={addLabel}>
          <label htmlFor={`${id}-label`} className="visually-hidden">
            {t('conversation.addLabel')}
          </label>
          <input
            id={`${id}-label`}
            value={label}
            maxLength={50}
            placeholder={t('conversation.addLabel')}
            onChange={(event) => setLabel(event.target.value)}
            data-control="label"
          />
          <button type="submit" className="button" disabled={!label.trim()}>
            {t('conversation.add')}
          </button>
        </form>
      </div>
    </section>
  );
}
