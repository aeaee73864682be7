// The storage interface of the sandbox, split by concern. Every method returns a promise, so a
// backend may be asynchronous (PostgreSQL through `pg`); node:sqlite (`./sqlite/`) is the
// default implementation. Handlers only ever talk to a `Storage`; the HTTP side never sees SQL.
//
// Contract common to every method (each backend must keep it; the test suite checks it):
// - Isolation: every record belongs to one workspace; a method given workspace A never reads or
//   changes a record of workspace B. Ids (`id`, `company_id`, tag and segment ids) are unique per
//   workspace, not globally.
// - Atomicity: each write method is one transaction. When it throws, nothing it did is kept.
//   A method that returns after a write has made it durable (committed) first.
// - Errors: "not found" and conflicts are thrown as `ApiError` (../errors.ts), with the status and
//   code the API answers (`companyNotFound()`, `contactNotFound()`, 409 `conflict`); anything else
//   thrown is a bug of the backend and answers 500.
// - Records are returned as named rows (the types below), never as driver rows; the HTTP side
//   turns them into the API's shape (../present.ts), so every backend answers the same JSON.

/** A custom attribute's value; `null`, when sent, unsets the attribute. */
export type AttributeValue = string | number | boolean | null;

/** A workspace: everything one bearer token sees. */
export interface Workspace {
  /** The backend's key of the workspace; `0` for a workspace with no row yet (see below). */
  rid: number;
  /** The SHA-256 of the token, hex: the database never holds a token. */
  tokenHash: string;
  /** Intercom's `app_id` of the workspace (8 characters of [a-z0-9]). */
  appId: string;
}

export interface TagRecord {
  id: string;
  name: string;
}

export interface SegmentRecord {
  id: string;
  name: string;
  personType: "user" | "contact";
  createdAt: number;
  updatedAt: number;
}

/** A company as stored. */
export interface CompanyRecord {
  /** The backend's row key, increasing in creation order (the scroll walks it). */
  rid: number;
  id: string;
  companyId: string;
  name: string | null;
  plan: { id: string; name: string } | null;
  /**
   * Every other field of the company, by its API name (`size`, `website`, `industry`,
   * `monthly_spend`, `remote_created_at`, ... and any property the spec adds): stored and
   * returned as given, so a field added to the schemas needs no change here.
   */
  fields: Record<string, unknown>;
  customAttributes: Record<string, Exclude<AttributeValue, null>>;
  userCount: number;
  /** The latest `last_seen_at` of the attached contacts, `null` when none was ever seen. */
  lastRequestAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** The company's tags, by name. */
  tags: TagRecord[];
  /** The company's segments, by name. */
  segments: SegmentRecord[];
}

/** What a write sets on a company; what is left out keeps its value. */
export interface CompanyChanges {
  name?: string;
  /** The plan's name; the workspace's plan of that name is created when missing. */
  plan?: string;
  /** Fields set as given (see {@link CompanyRecord.fields}); `null` unsets one. */
  fields?: Record<string, unknown>;
  /** Merged into the current ones: keys sent are set, `null` unsets, others stay. */
  customAttributes?: Record<string, AttributeValue>;
}

export interface ContactRecord {
  rid: number;
  id: string;
  role: "user" | "lead";
  externalId: string | null;
  email: string | null;
  name: string | null;
  lastSeenAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewContact {
  /** Pinned id (fixtures); the backend makes one when left out. */
  id?: string;
  role?: "user" | "lead";
  externalId?: string;
  email?: string;
  name?: string | null;
  lastSeenAt?: number;
}

export interface Page<T> {
  data: T[];
  /** How many records match over all pages. */
  total: number;
}

export interface PageRequest {
  /** 1-based. */
  page: number;
  perPage: number;
}

export interface CompanyFilter {
  companyId?: string;
  name?: string;
  tagId?: string;
  segmentId?: string;
}

/**
 * Workspaces. A workspace row is created on its first WRITE only: reading with a new token (or
 * calling an unknown route) stores nothing. Reads of a workspace without a row use
 * {@link WorkspaceStore.find}'s `undefined`, i.e. an empty workspace.
 */
export interface WorkspaceStore {
  /** The workspace of this token hash, or `undefined` when it has never written. */
  find(tokenHash: string): Promise<Workspace | undefined>;
  /**
   * The workspace of this token hash, created when missing. Must be race-free: two processes
   * creating the same workspace at once end up with one row (INSERT ... ON CONFLICT DO NOTHING,
   * then SELECT).
   */
  ensure(tokenHash: string): Promise<Workspace>;
}

export interface CompanyStore {
  /**
   * Creates the company with this `company_id`, or updates it: ATOMIC by `company_id`, so any
   * number of concurrent upserts of one `company_id` (from any number of processes) leave exactly
   * one company, with the changes of each applied in some order. `options.id` pins the `id` of a
   * company created by this call (fixtures); `options.customAttributes` are the initial custom
   * attributes of a created company (`creation_source: "api"`), ignored on update.
   */
  upsert(
    ws: Workspace,
    companyId: string,
    changes: CompanyChanges,
    options?: { id?: string; customAttributes?: Record<string, AttributeValue> },
  ): Promise<CompanyRecord>;
  /**
   * Throws `companyNotFound()` when the workspace has no company of this id. A storage that
   * answers at once (SQLite) returns the record itself: GET /companies/{id} then sends its
   * answer with no promise in between.
   */
  get(ws: Workspace, id: string): CompanyRecord | Promise<CompanyRecord>;
  /** Applies the changes (none: just returns it); `updated_at` moves on every update. */
  update(ws: Workspace, id: string, changes: CompanyChanges): Promise<CompanyRecord>;
  /** Deletes the company and its attachments (contacts stay). */
  delete(ws: Workspace, id: string): Promise<void>;
  /**
   * A look-up (`companyId`, else `name`: all matches) or a listing (no look-up: only companies
   * with contacts), narrowed by tag and segment ids; newest first.
   */
  find(ws: Workspace, filter: CompanyFilter, page: PageRequest): Promise<Page<CompanyRecord>>;
  /**
   * Companies with contacts by `last_request_at` (never-seen ones last), ties by creation,
   * in `order`.
   */
  list(ws: Workspace, order: "asc" | "desc", page: PageRequest): Promise<Page<CompanyRecord>>;
  /** The highest `rid` of the workspace's companies (0 when none): where a new scroll ends. */
  lastRid(ws: Workspace): Promise<number>;
  /**
   * Up to `limit` companies with `after < rid <= until`, by `rid`. Must cost the same at any
   * size: a range walk of the rid index (primary key), never a sort or an offset.
   */
  scrollPage(ws: Workspace, after: number, until: number, limit: number): Promise<CompanyRecord[]>;
  count(ws: Workspace): Promise<number>;
}

export interface ContactStore {
  /** Throws 400 `parameter_not_found` without email and external_id, 409 `conflict` on a clash. */
  create(ws: Workspace, contact: NewContact): Promise<ContactRecord>;
  /** Throws `contactNotFound()`. */
  get(ws: Workspace, id: string): Promise<ContactRecord>;
  /** By `externalId`, else by `email` (fixtures refer to contacts that way). */
  findByKey(
    ws: Workspace,
    key: { externalId?: string; email?: string },
  ): Promise<ContactRecord | undefined>;
  /**
   * Attaches (idempotent); `user_count` and `last_request_at` of the company follow, in the same
   * transaction. Throws `contactNotFound()` / `companyNotFound()`.
   */
  attach(ws: Workspace, contactId: string, companyId: string): Promise<CompanyRecord>;
  /** Detaches; throws 404 `not_found` when the contact is not attached. */
  detach(ws: Workspace, contactId: string, companyId: string): Promise<CompanyRecord>;
  /** The contacts of a company, by attachment time. Throws `companyNotFound()`. */
  ofCompany(ws: Workspace, companyId: string, page: PageRequest): Promise<Page<ContactRecord>>;
  /** The companies of a contact, by attachment time. Throws `contactNotFound()`. */
  companiesOf(ws: Workspace, contactId: string, page: PageRequest): Promise<Page<CompanyRecord>>;
}

export interface TagStore {
  /**
   * Creates the tag named `name` when missing (with `id` when given), then tags the companies
   * (by `id`, else `company_id`) or untags those marked `untag`. All or nothing: an unknown
   * company throws `companyNotFound()` and changes nothing.
   */
  apply(
    ws: Workspace,
    name: string,
    companies: { id?: string; company_id?: string; untag?: boolean }[],
    id?: string,
  ): Promise<TagRecord>;
  list(ws: Workspace): Promise<TagRecord[]>;
}

export interface SegmentStore {
  /** Creates the segment when missing (with `id` when given) and adds the companies to it. */
  ensure(
    ws: Workspace,
    segment: { id?: string; name: string; personType: "user" | "contact" },
    companyIds: string[],
  ): Promise<SegmentRecord>;
  list(ws: Workspace): Promise<SegmentRecord[]>;
  /** The segments of a company. Throws `companyNotFound()`. */
  ofCompany(ws: Workspace, companyId: string): Promise<SegmentRecord[]>;
}

/** The open scroll of a workspace. */
export interface ScrollState {
  /** The scroll's own id (a UUID), constant for its life. */
  id: string;
  /** The workspace's `rid`. */
  ws: number;
  /** The `scroll_param` that fetches the next page, and the last `rid` answered before it. */
  param: string;
  after: number;
  /**
   * The `scroll_param` that fetched the last page, and where that page started: sending it again
   * (a retry after a lost answer, or a second consumer) answers the same page again.
   */
  previousParam: string | null;
  previousAfter: number;
  /** The highest `rid` the scroll covers (companies created later wait for the next scroll). */
  until: number;
  /** When it expires, in ms since the epoch (one minute after its last use). */
  expiresAt: number;
}

/**
 * Scroll state. A workspace has at most ONE open scroll (Intercom: "each app can only have one
 * scroll open at a time"). State must be shared by all processes of one sandbox (a scroll
 * started on one process continues on another). See spec/NOTES.md for the rules.
 */
export interface ScrollStore {
  /** The workspace's open scroll (expired or not), or `undefined`. */
  current(ws: number): Promise<ScrollState | undefined>;
  /**
   * Opens `state` as the workspace's scroll unless one is open: `false` (and nothing changed)
   * when the workspace has a scroll that has not expired at `now` (ms). Atomic.
   */
  open(state: ScrollState, now: number): Promise<boolean>;
  /**
   * Moves the scroll `id` on, only if its `param` is still `fromParam` (compare-and-set): the
   * current param becomes the previous one, `next` the current one. `false` when another request
   * moved it first.
   */
  advance(
    ws: number,
    id: string,
    fromParam: string,
    next: { param: string; after: number; expiresAt: number },
  ): Promise<boolean>;
  /** Sets the scroll's expiry (a replayed page counts as a use). */
  touch(ws: number, id: string, expiresAt: number): Promise<void>;
  /** Forgets the scroll `id` (ended, expired, or failed by chaos); another scroll is untouched. */
  close(ws: number, id: string): Promise<void>;
}

/**
 * Rate-limit counters: fixed windows keyed by token hash (a workspace without a row is limited
 * too). `hit` counts one request in the window starting at `windowStart` (ms) and returns the
 * count including it. The window before the latest one is kept too: a request that read the
 * clock just before a window ended may reach the store after the next window began, and must
 * still count in its own (forgetting it would let that window allow more than the limit). Older
 * windows may be forgotten. One counter per key and window, shared by every process of one
 * sandbox (or documented as per process by a backend that keeps it in memory).
 */
export interface RateLimitStore {
  hit(key: string, windowStart: number): Promise<number>;
}

/** Everything the sandbox stores. */
export interface Storage {
  /** `memory`, `file` or the backend's name, for `GET /`. */
  readonly kind: string;
  readonly workspaces: WorkspaceStore;
  readonly companies: CompanyStore;
  readonly contacts: ContactStore;
  readonly tags: TagStore;
  readonly segments: SegmentStore;
  readonly scrolls: ScrollStore;
  readonly rateLimits: RateLimitStore;
  /**
   * Runs `work` in one transaction of this storage: the store methods `work` calls join it, and
   * it commits when `work` resolves or rolls back when it rejects. Used at start (fixtures and
   * demo data load all or nothing), never on a request's path. An asynchronous backend finds the
   * transaction of the calls inside `work` through AsyncLocalStorage (or an equivalent).
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Closes connections and background work; resolves once all is closed. */
  close(): Promise<void>;
}
