// IAM as the fake models it: predefined roles and the permissions they hold (a subset, from
// https://cloud.google.com/iam/docs/understanding-roles and each product's "IAM roles" page), which
// permissions exist on which resource type (what testIamPermissions may be asked), and a caller's
// effective permissions on a resource: its own policy plus its project's (inheritance).
// Conditional bindings are never evaluated, so they grant nothing here.
import { JOB_PERMISSIONS, SERVICE_PERMISSIONS } from "../cloud-run/permissions.js";

export interface Binding {
  role: string;
  members: string[];
  condition?: { title: string; expression: string };
}

const RUN_ALL = [...SERVICE_PERMISSIONS, ...JOB_PERMISSIONS];
const SCHEDULER = ["cloudscheduler.jobs.create", "cloudscheduler.jobs.delete", "cloudscheduler.jobs.enable", "cloudscheduler.jobs.fullView", "cloudscheduler.jobs.get", "cloudscheduler.jobs.list", "cloudscheduler.jobs.pause", "cloudscheduler.jobs.run", "cloudscheduler.jobs.update"];
const AR_READ = ["artifactregistry.repositories.get", "artifactregistry.repositories.list", "artifactregistry.repositories.downloadArtifacts", "artifactregistry.packages.get", "artifactregistry.packages.list", "artifactregistry.tags.get", "artifactregistry.tags.list", "artifactregistry.versions.get", "artifactregistry.versions.list"];
const AR_WRITE = [...AR_READ, "artifactregistry.repositories.uploadArtifacts", "artifactregistry.tags.create", "artifactregistry.tags.update"];
const AR_ADMIN = [...AR_WRITE, "artifactregistry.repositories.create", "artifactregistry.repositories.update", "artifactregistry.repositories.delete", "artifactregistry.repositories.getIamPolicy", "artifactregistry.repositories.setIamPolicy"];
const OBJECTS = ["storage.objects.create", "storage.objects.delete", "storage.objects.get", "storage.objects.list", "storage.objects.update", "storage.objects.getIamPolicy", "storage.objects.setIamPolicy"];
const BUCKETS = ["storage.buckets.create", "storage.buckets.delete", "storage.buckets.get", "storage.buckets.list", "storage.buckets.update", "storage.buckets.getIamPolicy", "storage.buckets.setIamPolicy"];
const SECRETS_VIEW = ["secretmanager.secrets.get", "secretmanager.secrets.list", "secretmanager.secrets.getIamPolicy", "secretmanager.versions.get", "secretmanager.versions.list"];
const SECRETS_ADMIN = [...SECRETS_VIEW, "secretmanager.secrets.create", "secretmanager.secrets.delete", "secretmanager.secrets.update", "secretmanager.secrets.setIamPolicy", "secretmanager.versions.add", "secretmanager.versions.enable", "secretmanager.versions.disable", "secretmanager.versions.destroy", "secretmanager.versions.access"];
const SA_VIEW = ["iam.serviceAccounts.get", "iam.serviceAccounts.list", "iam.serviceAccounts.getIamPolicy"];
const SA_ADMIN = [...SA_VIEW, "iam.serviceAccounts.create", "iam.serviceAccounts.delete", "iam.serviceAccounts.update", "iam.serviceAccounts.enable", "iam.serviceAccounts.disable", "iam.serviceAccounts.setIamPolicy"];
const SQL_ADMIN = ["cloudsql.instances.connect", "cloudsql.instances.get", "cloudsql.instances.list", "cloudsql.instances.create", "cloudsql.instances.update", "cloudsql.instances.delete", "cloudsql.instances.login"];
const USAGE = ["serviceusage.services.get", "serviceusage.services.list", "serviceusage.services.enable", "serviceusage.services.disable"];
// The Monitoring roles also let their holder read the project (resourcemanager.projects.get).
const MONITORING_VIEW = ["resourcemanager.projects.get", "monitoring.timeSeries.list", "monitoring.uptimeCheckConfigs.get", "monitoring.uptimeCheckConfigs.list", "monitoring.alertPolicies.get", "monitoring.alertPolicies.list", "monitoring.notificationChannels.get", "monitoring.notificationChannels.list"];
const MONITORING_EDIT = [...MONITORING_VIEW, "monitoring.uptimeCheckConfigs.create", "monitoring.uptimeCheckConfigs.update", "monitoring.uptimeCheckConfigs.delete", "monitoring.alertPolicies.create", "monitoring.alertPolicies.update", "monitoring.alertPolicies.delete", "monitoring.notificationChannels.create", "monitoring.notificationChannels.update", "monitoring.notificationChannels.delete"];
const PROJECT = ["resourcemanager.projects.get", "resourcemanager.projects.getIamPolicy", "resourcemanager.projects.setIamPolicy"];

const PREDEFINED: Record<string, readonly string[]> = {
  "roles/run.admin": RUN_ALL,
  "roles/run.developer": RUN_ALL.filter((p) => !p.endsWith(".setIamPolicy")),
  // https://cloud.google.com/run/docs/reference/iam/roles: the invoker calls services and runs jobs.
  "roles/run.invoker": ["run.routes.invoke", "run.jobs.run"],
  "roles/run.viewer": RUN_ALL.filter((p) => /\.(get|list|getIamPolicy)$/.test(p)),
  "roles/cloudscheduler.admin": SCHEDULER,
  "roles/cloudscheduler.viewer": ["cloudscheduler.jobs.get", "cloudscheduler.jobs.list"],
  "roles/monitoring.viewer": MONITORING_VIEW,
  "roles/monitoring.editor": MONITORING_EDIT,
  "roles/artifactregistry.reader": AR_READ,
  "roles/artifactregistry.writer": AR_WRITE,
  "roles/artifactregistry.admin": AR_ADMIN,
  "roles/storage.objectViewer": ["storage.objects.get", "storage.objects.list"],
  "roles/storage.objectAdmin": OBJECTS,
  "roles/storage.admin": [...BUCKETS, ...OBJECTS],
  "roles/storage.legacyBucketReader": ["storage.buckets.get", "storage.objects.list"],
  "roles/secretmanager.secretAccessor": ["secretmanager.versions.access"],
  "roles/secretmanager.viewer": SECRETS_VIEW,
  "roles/secretmanager.admin": SECRETS_ADMIN,
  "roles/iam.serviceAccountUser": ["iam.serviceAccounts.actAs", "iam.serviceAccounts.get", "iam.serviceAccounts.list"],
  "roles/iam.serviceAccountViewer": SA_VIEW,
  "roles/iam.serviceAccountAdmin": SA_ADMIN,
  "roles/iam.workloadIdentityUser": ["iam.serviceAccounts.getAccessToken", "iam.serviceAccounts.getOpenIdToken"],
  "roles/cloudsql.client": ["cloudsql.instances.connect", "cloudsql.instances.get"],
  "roles/cloudsql.viewer": ["cloudsql.instances.get", "cloudsql.instances.list"],
  "roles/cloudsql.editor": SQL_ADMIN.filter((p) => p !== "cloudsql.instances.create" && p !== "cloudsql.instances.delete"),
  "roles/cloudsql.admin": SQL_ADMIN,
  "roles/serviceusage.serviceUsageViewer": ["serviceusage.services.get", "serviceusage.services.list"],
  "roles/serviceusage.serviceUsageAdmin": USAGE,
  "roles/browser": ["resourcemanager.projects.get", "resourcemanager.projects.getIamPolicy"],
  "roles/iam.securityReviewer": ["resourcemanager.projects.getIamPolicy", "secretmanager.secrets.getIamPolicy", "artifactregistry.repositories.getIamPolicy", "storage.buckets.getIamPolicy", "iam.serviceAccounts.getIamPolicy", "iam.serviceAccounts.list", "run.services.getIamPolicy", "run.jobs.getIamPolicy"],
};

/** Every permission the fake knows; testIamPermissions rejects any other name, as the API does. */
export const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set([...Object.values(PREDEFINED).flat(), ...PROJECT, "iam.serviceAccounts.actAs", "iam.serviceAccounts.getAccessToken", "iam.serviceAccounts.getOpenIdToken", "iam.serviceAccounts.signBlob", "iam.serviceAccounts.signJwt"]);

const ROLES: Record<string, ReadonlySet<string>> = {
  ...Object.fromEntries(Object.entries(PREDEFINED).map(([role, perms]) => [role, new Set(perms)])),
  // Basic roles: owner holds everything; editor all but IAM policy writes and secret payloads; viewer reads.
  "roles/owner": KNOWN_PERMISSIONS,
  "roles/editor": new Set([...KNOWN_PERMISSIONS].filter((p) => !p.endsWith(".setIamPolicy") && p !== "secretmanager.versions.access")),
  "roles/viewer": new Set([...KNOWN_PERMISSIONS].filter((p) => /\.(get|list|getIamPolicy)$/.test(p))),
};

export const isKnownRole = (role: string): boolean => Object.hasOwn(ROLES, role);

/** Checks a custom role (projects/P/roles/NAME or organizations/O/roles/NAME) made of known permissions; returns its permission set. */
export function customRole(role: string, permissions: readonly string[]): ReadonlySet<string> {
  if (!/^(projects|organizations)\/[^/]+\/roles\/[A-Za-z0-9_.]{3,64}$/.test(role)) throw new Error(`fake: custom role names are projects/P/roles/NAME or organizations/O/roles/NAME, not ${role}`);
  const unknown = permissions.find((p) => !KNOWN_PERMISSIONS.has(p));
  if (unknown) throw new Error(`fake: unknown permission ${unknown} in custom role ${role}`);
  return new Set(permissions);
}

/** Which permissions may be asked about a resource of each type (the real APIs take only those). */
export type ResourceType = "project" | "repository" | "bucket" | "secret" | "serviceAccount";
const TESTABLE: Record<ResourceType, (permission: string) => boolean> = {
  project: () => true,
  repository: (p) => p.startsWith("artifactregistry."),
  bucket: (p) => p.startsWith("storage.buckets.") || p.startsWith("storage.objects."),
  secret: (p) => p.startsWith("secretmanager.secrets.") || p.startsWith("secretmanager.versions."),
  serviceAccount: (p) => p.startsWith("iam.serviceAccounts."),
};

/** The first permission testIamPermissions must refuse on this resource type, if any. */
export function invalidPermission(type: ResourceType, permissions: readonly string[]): string | undefined {
  return permissions.find((p) => !KNOWN_PERMISSIONS.has(p) || !TESTABLE[type](p));
}

/** Members a binding names that stand for `member` (the member itself, and allUsers / allAuthenticatedUsers). */
const matches = (bindingMember: string, member: string): boolean => bindingMember === member || bindingMember === "allUsers" || bindingMember === "allAuthenticatedUsers";

/** The permissions `member` holds through `policies` (a resource's and its ancestors'), conditional bindings excluded. */
export function effectivePermissions(member: string, policies: ReadonlyArray<readonly Binding[]>, customRoles: ReadonlyMap<string, ReadonlySet<string>> = new Map()): Set<string> {
  const out = new Set<string>();
  for (const bindings of policies) {
    for (const b of bindings) {
      if (b.condition || !b.members.some((m) => matches(m, member))) continue;
      for (const p of ROLES[b.role] ?? customRoles.get(b.role) ?? []) out.add(p);
    }
  }
  return out;
}
