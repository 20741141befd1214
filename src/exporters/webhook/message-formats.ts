/**
 * The three request bodies (BatchSerializer for the exporter helper):
 * - json: `{"records":[{time, observed_time, severity, severity_number, body, attributes{}, resource{}}]}`,
 *   every record of the batch (split in halves after a 413).
 * - slack: an incoming-webhook message: `text` (the fallback notifications show) and `blocks`
 *   (a header, one mrkdwn section per record up to max_items, a context line counting the rest).
 * - teams: an Office 365 connector MessageCard: title, summary, a theme colour (red when any record
 *   is a Warning or a finding), one section per record up to max_items.
 */
import type { Attribute, EventRecord } from '../../model/record.ts';
import type { BatchSerializer, SerializedHalf } from '../exporterhelper/transport.ts';
import { countLine, summarize, type RecordSummary } from './record-summary.ts';

export type WebhookFormat = 'json' | 'slack' | 'teams';

export function webhookSerializer(format: WebhookFormat, maxItems: number): BatchSerializer {
  const body = format === 'json' ? jsonBody : format === 'slack' ? (r: readonly EventRecord[]) => slackMessage(r, maxItems) : (r: readonly EventRecord[]) => teamsCard(r, maxItems);
  return {
    contentType: 'application/json',
    serialize: (records) => Buffer.from(JSON.stringify(body(records)), 'utf8'),
    // A 413: json bodies split their records in halves; a chat message is one summary and does not split.
    split: format === 'json' ? splitJsonBody : () => undefined,
  };
}

function splitJsonBody(body: Uint8Array): [SerializedHalf, SerializedHalf] | undefined {
  const { records } = JSON.parse(Buffer.from(body).toString('utf8')) as { records: unknown[] };
  if (records.length < 2) return undefined;
  const middle = Math.ceil(records.length / 2);
  const half = (part: unknown[]): SerializedHalf => ({ body: Buffer.from(JSON.stringify({ records: part }), 'utf8'), count: part.length });
  return [half(records.slice(0, middle)), half(records.slice(middle))];
}

function attributesObject(attributes: readonly Attribute[]): { [key: string]: string | number } {
  const out: { [key: string]: string | number } = {};
  for (const a of attributes) out[a.key] = a.value;
  return out;
}

function jsonBody(records: readonly EventRecord[]): object {
  return {
    records: records.map((r) => ({
      time: r.eventTime,
      observed_time: new Date(Math.floor(r.observedUnixMicros / 1000)).toISOString(),
      severity: r.severityText,
      severity_number: r.severityNumber,
      body: r.note ?? '',
      attributes: attributesObject(r.attributes),
      resource: attributesObject(r.resource.attributes),
    })),
  };
}

/** Slack mrkdwn needs &, < and > escaped (https://api.slack.com/reference/surfaces/formatting). */
function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function rest(records: readonly EventRecord[], maxItems: number): string | undefined {
  const more = records.length - maxItems;
  return more > 0 ? `…and ${more} more` : undefined;
}

function slackMessage(records: readonly EventRecord[], maxItems: number): object {
  const items = records.slice(0, maxItems).map(summarize);
  const title = `tracecore: ${countLine(records)}`;
  const line = (s: RecordSummary): string => `${s.warning ? ':warning: ' : ''}*${slackEscape(s.headline)}* \`${slackEscape(s.object)}\`${s.note ? `\n${slackEscape(s.note)}` : ''}`;
  const more = rest(records, maxItems);
  const blocks: object[] = [{ type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } }];
  for (const s of items) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: line(s).slice(0, 3000) } });
  if (more !== undefined) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: more }] });
  const text = [title, ...items.map((s) => `${s.headline} ${s.object}`), ...(more === undefined ? [] : [more])].map(slackEscape).join('\n');
  return { text, blocks };
}

function teamsCard(records: readonly EventRecord[], maxItems: number): object {
  const items = records.slice(0, maxItems).map(summarize);
  const title = `tracecore: ${countLine(records)}`;
  const more = rest(records, maxItems);
  const sections: object[] = items.map((s) => ({
    activityTitle: s.headline,
    activitySubtitle: s.object,
    facts: [{ name: 'time', value: s.time }],
    text: s.note,
  }));
  if (more !== undefined) sections.push({ text: more });
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: title,
    title,
    themeColor: records.some((r) => summarize(r).warning) ? 'D70000' : '0078D7',
    sections,
  };
}
