/**
 * An inbox's business hours: the time zone, opening intervals per weekday, holidays and the typical
 * reply time. The server checks what needs a calendar (a real zone, from before to, no overlaps) and
 * answers with the field that is wrong.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Inbox } from '../api/types.ts';
import type { AdminApi, BusinessHours } from './api.ts';
import { useAction } from './hooks.ts';
import { Outcome } from './Outcome.tsx';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];
type Interval = { from: string; to: string };

interface HoursForm {
  enabled: boolean;
  timezone: string;
  weekly: Record<Weekday, Interval[]>;
  holidays: string;
  typicalReplyMinutes: string;
}

const OFFICE: Interval[] = [{ from: '09:00', to: '17:00' }];

function formOf(hours: BusinessHours | null): HoursForm {
  if (hours) {
    return {
      enabled: true,
      timezone: hours.timezone,
      weekly: { ...hours.weekly },
      holidays: hours.holidays.join('\n'),
      typicalReplyMinutes: String(hours.typicalReplyMinutes),
    };
  }
  // A sensible start: office hours on weekdays, in the admin's own time zone.
  return {
    enabled: false,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    weekly: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] },
    holidays: '',
    typicalReplyMinutes: '30',
  };
}

function hoursOf(form: HoursForm): BusinessHours {
  return {
    timezone: form.timezone.trim(),
    weekly: form.weekly,
    holidays: form.holidays
      .split(/\s+/)
      .map((date) => date.trim())
      .filter(Boolean),
    typicalReplyMinutes: Number.parseInt(form.typicalReplyMinutes, 10),
  };
}

let timeZones: string[] | undefined;
/** Every IANA zone this browser knows, for the field's suggestions. */
function knownTimeZones(): string[] {
  timeZones ??= typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return timeZones;
}

export interface BusinessHoursEditorProps {
  api: AdminApi;
  inbox: Inbox;
  onSaved: (inbox: Inbox) => void;
}

export function BusinessHoursEditor({ api, inbox, onSaved }: BusinessHoursEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const [form, setForm] = useState(() => formOf(inbox.businessHours));
  const action = useAction();

  const setDay = (day: Weekday, intervals: Interval[]) =>
    setForm((current) => ({ ...current, weekly: { ...current.weekly, [day]: intervals } }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    await action.run(async () =>
      onSaved(await api.setBusinessHours(inbox.id, form.enabled ? hoursOf(form) : null)),
    );
  }

  return (
    <form
      className="admin-card admin-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby={`${id}-title`}
      data-business-hours=""
    >
      <h3 id={`${id}-title`}>{t('admin.hours.title')}</h3>
      <p className="muted">{t('admin.hours.hint')}</p>
      <label className="admin-check">
        <input
          type="checkbox"
          checked={form.enabled}
          onChange={(event) => setForm({ ...form, enabled: event.target.checked })}
        />
        {t('admin.hours.enabled')}
      </label>
      {form.enabled && (
        <>
          <div className="admin-form__row">
            <div className="field">
              <label htmlFor={`${id}-zone`}>{t('admin.hours.timezone')}</label>
              <input
                id={`${id}-zone`}
                list={`${id}-zones`}
                value={form.timezone}
                required
                maxLength={64}
                spellCheck={false}
                onChange={(event) => setForm({ ...form, timezone: event.target.value })}
              />
              <datalist id={`${id}-zones`}>
                {knownTimeZones().map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </div>
            <div className="field">
              <label htmlFor={`${id}-reply`}>{t('admin.hours.typicalReply')}</label>
              <input
                id={`${id}-reply`}
                type="number"
                min={1}
                max={1440}
                required
                value={form.typicalReplyMinutes}
                onChange={(event) => setForm({ ...form, typicalReplyMinutes: event.target.value })}
              />
            </div>
          </div>
          <div className="hours">
            {WEEKDAYS.map((day) => (
              <DayRow
                key={day}
                day={day}
                intervals={form.weekly[day]}
                onChange={(next) => setDay(day, next)}
              />
            ))}
          </div>
          <div className="field">
            <label htmlFor={`${id}-holidays`}>{t('admin.hours.holidays')}</label>
            <textarea
              id={`${id}-holidays`}
              rows={2}
              value={form.holidays}
              spellCheck={false}
              aria-describedby={`${id}-holidays-hint`}
              onChange={(event) => setForm({ ...form, holidays: event.target.value })}
            />
            <p id={`${id}-holidays-hint`} className="field__hint">
              {t('admin.hours.holidaysHint')}
            </p>
          </div>
        </>
      )}
      <Outcome action={action} />
      <div className="admin-form__actions">
        <button type="submit" className="button button--primary" disabled={action.busy}>
          {action.busy ? t('admin.saving') : t('admin.save')}
        </button>
      </div>
    </form>
  );
}

function DayRow({
  day,
  intervals,
  onChange,
}: {
  day: Weekday;
  intervals: Interval[];
  onChange: (intervals: Interval[]) => void;
}) {
  const { t } = useTranslation();
  const name = t(`admin.hours.day.${day}`);
  const set = (index: number, change: Partial<Interval>) =>
    onChange(intervals.map((interval, i) => (i === index ? { ...interval, ...change } : interval)));
  const last = intervals.at(-1);
  return (
    <div className="hours__day" role="group" aria-label={name} data-day={day}>
      <span className="hours__name">{name}</span>
      <div className="hours__intervals">
        {intervals.length === 0 && <span className="muted">{t('admin.hours.closed')}</span>}
        {intervals.map((interval, index) => (
          <span key={index} className="hours__interval">
            <input
              type="time"
              aria-label={`${name} ${t('admin.hours.from')}`}
              value={interval.from}
              required
              onChange={(event) => set(index, { from: event.target.value })}
            />
            <span aria-hidden="true">–</span>
            {/* A time field cannot show 24:00 (the end of the day): it shows 23:59 and keeps 24:00 until changed. */}
            <input
              type="time"
              aria-label={`${name} ${t('admin.hours.to')}`}
              value={interval.to === '24:00' ? '23:59' : interval.to}
              required
              onChange={(event) => set(index, { to: event.target.value })}
            />
            <button
              type="button"
              className="button button--icon"
              aria-label={t('admin.hours.removeInterval', {
                day: name,
                from: interval.from,
                to: interval.to,
              })}
              onClick={() => onChange(intervals.filter((_, i) => i !== index))}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <button
        type="button"
        className="button button--icon"
        aria-label={t('admin.hours.addInterval', { day: name })}
        disabled={intervals.length >= 4}
        // The next interval starts where the last one ended, so two intervals never begin overlapping.
        onClick={() =>
          onChange([...intervals, last ? { from: last.to, to: '23:59' } : { from: '09:00', to: '17:00' }])
        }
      >
        +
      </button>
    </div>
  );
}
