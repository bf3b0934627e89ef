// JSON shapes of the Support API resources the stand-in returns (zendesk.md §2, OAS schemas).
import type {
  StoredAttachment,
  StoredComment,
  StoredIdentity,
  StoredTicket,
  StoredTicketField,
  StoredTrigger,
  StoredUser,
  StoredWebhook,
} from './model.ts';

/** Zendesk timestamps are ISO 8601 in UTC without milliseconds, e.g. `2021-07-25T10:00:00Z`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function attachmentJson(baseUrl: string, attachment: StoredAttachment) {
  return {
    id: attachment.id,
    file_name: attachment.fileName,
    content_url: `${baseUrl}/attachments/token/${attachment.token}/?name=${encodeURIComponent(attachment.fileName)}`,
    content_type: attachment.contentType,
    size: attachment.data.length,
    inline: false,
    deleted: false,
    thumbnails: [],
  };
}

export function identityJson(baseUrl: string, identity: StoredIdentity) {
  return {
    id: identity.id,
    url: `${baseUrl}/api/v2/users/${identity.userId}/identities/${identity.id}.json`,
    user_id: identity.userId,
    type: identity.type,
    value: identity.value,
    verified: identity.verified,
    primary: identity.primary,
    created_at: isoSeconds(identity.createdAt),
    updated_at: isoSeconds(identity.createdAt),
  };
}

export function userJson(baseUrl: string, user: StoredUser) {
  return {
    id: user.id,
    url: `${baseUrl}/api/v2/users/${user.id}.json`,
    name: user.name,
    email: user.email,
    phone: user.phone,
    shared_phone_number: user.sharedPhoneNumber,
    role: user.role,
    external_id: user.externalId,
    // "The user's tags. Only present if your account has user tagging enabled" (users JSON
    // format, https://developer.zendesk.com/api-reference/ticketing/users/users/): the stand-in
    // plays an account with user tagging on.
    tags: [...user.tags],
    active: true,
    verified: user.identities.some((i) => i.verified),
    created_at: isoSeconds(user.createdAt),
    updated_at: isoSeconds(user.updatedAt),
  };
}

export function commentJson(baseUrl: string, comment: StoredComment) {
  return {
    id: comment.id,
    type: 'Comment',
    author_id: comment.authorId,
    body: comment.body,
    html_body: `<p>${escapeHtml(comment.body)}</p>`,
    plain_body: comment.body,
    public: comment.public,
    attachments: comment.attachments.map((a) => attachmentJson(baseUrl, a)),
    via: { channel: comment.viaChannel, source: { from: {}, to: {}, rel: null } },
    created_at: isoSeconds(comment.createdAt),
    metadata: { system: {}, custom: {} },
  };
}

export function ticketJson(baseUrl: string, ticket: StoredTicket) {
  const first = ticket.comments[0];
  return {
    id: ticket.id,
    url: `${baseUrl}/api/v2/tickets/${ticket.id}.json`,
    external_id: ticket.externalId,
    via: { channel: ticket.viaChannel, source: { from: {}, to: {}, rel: null } },
    created_at: isoSeconds(ticket.createdAt),
    updated_at: isoSeconds(ticket.updatedAt),
    type: null,
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: first?.body ?? '',
    priority: ticket.priority,
    status: ticket.status,
    requester_id: ticket.requesterId,
    submitter_id: ticket.submitterId,
    assignee_id: ticket.assigneeId,
    organization_id: null,
    group_id: null,
    tags: [...ticket.tags],
    custom_fields: ticket.customFields.map((f) => ({ id: f.id, value: f.value })),
    via_followup_source_id: ticket.viaFollowupSourceId,
    is_public: ticket.comments.some((c) => c.public),
    has_incidents: false,
    allow_attachments: true,
  };
}

export function ticketFieldJson(baseUrl: string, field: StoredTicketField) {
  return {
    id: field.id,
    url: `${baseUrl}/api/v2/ticket_fields/${field.id}.json`,
    type: field.type,
    title: field.title,
    raw_title: field.title,
    description: field.description,
    active: field.active,
    required: false,
    removable: !field.system,
    created_at: isoSeconds(field.createdAt),
    updated_at: isoSeconds(field.createdAt),
  };
}

export function webhookJson(webhook: StoredWebhook) {
  return {
    id: webhook.id,
    name: webhook.name,
    status: webhook.status,
    endpoint: webhook.endpoint,
    http_method: webhook.httpMethod,
    request_format: webhook.requestFormat,
    subscriptions: [...webhook.subscriptions],
    description: webhook.description,
    created_at: isoSeconds(webhook.createdAt),
    updated_at: isoSeconds(webhook.updatedAt),
  };
}

export function triggerJson(baseUrl: string, trigger: StoredTrigger) {
  return {
    id: trigger.id,
    url: `${baseUrl}/api/v2/triggers/${trigger.id}.json`,
    title: trigger.title,
    active: trigger.active,
    conditions: trigger.conditions,
    actions: trigger.actions,
    created_at: isoSeconds(trigger.createdAt),
    updated_at: isoSeconds(trigger.createdAt),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
