// What the fake's Google Cloud holds: projects (number, enabled services, IAM policy) and the
// resources preflight reads, each with its own IAM policy. Tests set it directly.
import { type Binding, customRole, isKnownRole } from "./iam.js";

export type VersionState = "ENABLED" | "DISABLED" | "DESTROYED";

export interface ProjectRecord { id: string; number: string; services: Set<string> }
export interface RepositoryRecord { project: string; location: string; id: string; format: string; mode: string }
export interface BucketRecord { name: string; project: string; location: string; website?: { mainPageSuffix: string; notFoundPage: string } }
export interface SecretRecord { project: string; id: string; versions: VersionState[] }
export interface ServiceAccountRecord { email: string; project: string; disabled: boolean; uniqueId: string }
export interface SqlInstanceRecord { project: string; region: string; id: string; state: string; databaseVersion: string }

let nextNumber = 100000000001;

export class FakeGoogleState {
  readonly projects = new Map<string, ProjectRecord>();
  readonly repositories = new Map<string, RepositoryRecord>();
  readonly buckets = new Map<string, BucketRecord>();
  readonly secrets = new Map<string, SecretRecord>();
  readonly serviceAccounts = new Map<string, ServiceAccountRecord>();
  readonly sqlInstances = new Map<string, SqlInstanceRecord>();
  /** Cloud Run services by name (projects/P/locations/L/services/S): only their IAM policy is served here. */
  readonly runServices = new Set<string>();
  /** IAM policies by resource name (projects/P, projects/P/locations/L/repositories/R, projects/P/locations/L/services/S, projects/_/buckets/B, projects/P/secrets/S, projects/P/serviceAccounts/E). */
  readonly policies = new Map<string, Binding[]>();
  readonly customRoles = new Map<string, ReadonlySet<string>>();

  project(id: string): ProjectRecord {
    let p = this.projects.get(id);
    if (!p) {
      p = { id, number: String(nextNumber++), services: new Set() };
      this.projects.set(id, p);
    }
    return p;
  }

  /** The project with this id or number. */
  findProject(idOrNumber: string): ProjectRecord | undefined {
    return this.projects.get(idOrNumber) ?? [...this.projects.values()].find((p) => p.number === idOrNumber);
  }

  enableServices(project: string, ...services: string[]): void {
    for (const s of services) this.project(project).services.add(s);
  }

  disableService(project: string, service: string): void {
    this.project(project).services.delete(service);
  }

  addRepository(r: { project: string; location: string; id: string; format?: string; mode?: string }): string {
    this.project(r.project);
    const name = `projects/${r.project}/locations/${r.location}/repositories/${r.id}`;
    this.repositories.set(name, { format: "DOCKER", mode: "STANDARD_REPOSITORY", ...r });
    return name;
  }

  addBucket(b: { name: string; project: string; location?: string; website?: BucketRecord["website"] }): string {
    this.project(b.project);
    this.buckets.set(b.name, { location: "EUROPE-WEST1", ...b });
    return `projects/_/buckets/${b.name}`;
  }

  /** Versions are numbered from 1 in the order given; "latest" is the highest number, whatever its state. */
  addSecret(s: { project: string; id: string; versions?: VersionState[] }): string {
    this.project(s.project);
    const name = `projects/${s.project}/secrets/${s.id}`;
    this.secrets.set(name, { project: s.project, id: s.id, versions: [...(s.versions ?? ["ENABLED"])] });
    return name;
  }

  setVersionState(secretName: string, version: number, state: VersionState): void {
    const s = this.secrets.get(secretName);
    if (!s || version < 1 || version > s.versions.length) throw new Error(`fake: no version ${version} of ${secretName}`);
    s.versions[version - 1] = state;
  }

  addServiceAccount(email: string, opts: { disabled?: boolean } = {}): string {
    const project = /@([^.]+)\.iam\.gserviceaccount\.com$/.exec(email)?.[1];
    if (!project) throw new Error(`fake: ${email} is not a user-managed service account email`);
    this.project(project);
    this.serviceAccounts.set(email, { email, project, disabled: opts.disabled ?? false, uniqueId: String(nextNumber++) + "0000000" });
    return `projects/${project}/serviceAccounts/${email}`;
  }

  addSqlInstance(i: { project: string; region: string; id: string; state?: string; databaseVersion?: string }): void {
    this.project(i.project);
    this.sqlInstances.set(`${i.project}/${i.id}`, { state: "RUNNABLE", databaseVersion: "POSTGRES_16", ...i });
  }

  addRunService(r: { project: string; location: string; id: string }): string {
    this.project(r.project);
    const name = `projects/${r.project}/locations/${r.location}/services/${r.id}`;
    this.runServices.add(name);
    return name;
  }

  /** A custom role with exactly these permissions (e.g. push without read), grantable afterwards. */
  defineRole(role: string, permissions: readonly string[]): void {
    this.customRoles.set(role, customRole(role, permissions));
  }

  /** Adds `member` to `role` on `resource` (a binding per role and condition). Unknown roles are refused so tests cannot typo a grant into nothing. */
  grant(resource: string, role: string, member: string, condition?: Binding["condition"]): void {
    if (!isKnownRole(role) && !this.customRoles.has(role)) throw new Error(`fake: unknown role ${role}`);
    const project = /^projects\/([^/]+)$/.exec(resource)?.[1];
    if (project && project !== "_") this.project(project);
    const bindings = this.policies.get(resource) ?? [];
    const same = bindings.find((b) => b.role === role && JSON.stringify(b.condition) === JSON.stringify(condition));
    if (same) {
      if (!same.members.includes(member)) same.members.push(member);
    } else bindings.push({ role, members: [member], ...(condition ? { condition } : {}) });
    this.policies.set(resource, bindings);
  }

  revoke(resource: string, role: string, member: string): void {
    for (const b of this.policies.get(resource) ?? []) if (b.role === role) b.members = b.members.filter((m) => m !== member);
    this.policies.set(resource, (this.policies.get(resource) ?? []).filter((b) => b.members.length > 0));
  }

  /** The policies that apply to `resource`: its own, then its project's. */
  policiesFor(resource: string, project: string | undefined): Binding[][] {
    const own = this.policies.get(resource) ?? [];
    const projectPolicy = project ? this.policies.get(`projects/${project}`) ?? [] : [];
    return resource === `projects/${project}` ? [own] : [own, projectPolicy];
  }
}
