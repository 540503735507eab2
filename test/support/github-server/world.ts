/**
 * Everything the test GitHub holds (users, apps, installations, repositories, tokens) and
 * how a request's `Authorization` header turns into a principal, with GitHub's 401 answers.
 */
import { createPublicKey, type KeyObject, randomBytes } from "node:crypto";
import { verifyAppJwt } from "./app-jwt.js";
import { type GitHubError, githubError } from "./github-errors.js";
import {
  ACTIONS_BOT_ID,
  ACTIONS_BOT_LOGIN,
  type AppRecord,
  Ids,
  type InstallationRecord,
  type Limits,
  type Principal,
  type RepositorySetup,
  TestRepository,
  Users,
} from "./state.js";

export interface AppSetup {
  id: number | string;
  slug: string;
  /** The public half of the app's key pair: a KeyObject or PEM text. */
  publicKey: KeyObject | string;
}

export interface InstallationSetup {
  id: number;
  appId: number | string;
  /** The account (user or organization login) the app is installed on. */
  account: string;
  /** Repository names under `account`; default: all of them. */
  repositories?: string[];
}

export class World {
  readonly ids = new Ids();
  readonly users = new Users(this.ids);
  readonly repositories = new Map<string, TestRepository>();
  readonly apps = new Map<string, AppRecord>();
  readonly installations = new Map<number, InstallationRecord>();
  private readonly tokens = new Map<string, Principal>();

  constructor(
    private readonly limits: Limits,
    readonly clock: () => Date,
  ) {}

  now(): string {
    return this.clock().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  addRepository(setup: RepositorySetup): TestRepository {
    const repository = new TestRepository(setup, this.users, this.ids, this.limits, () => this.now());
    const key = repository.fullName.toLowerCase();
    if (this.repositories.has(key)) throw new Error(`repository ${repository.fullName} already exists`);
    this.repositories.set(key, repository);
    return repository;
  }

  repository(owner: string, name: string): TestRepository | undefined {
    return this.repositories.get(`${owner}/${name}`.toLowerCase());
  }

  repositoryById(id: number): TestRepository | undefined {
    return [...this.repositories.values()].find((repository) => repository.id === id);
  }

  addApp(setup: AppSetup): AppRecord {
    const app: AppRecord = {
      id: String(setup.id),
      slug: setup.slug,
      publicKey: typeof setup.publicKey === "string" ? createPublicKey(setup.publicKey) : setup.publicKey,
      bot: this.users.get(`${setup.slug}[bot]`),
    };
    this.apps.set(app.id, app);
    return app;
  }

  addInstallation(setup: InstallationSetup): InstallationRecord {
    const app = this.apps.get(String(setup.appId));
    if (!app) throw new Error(`addInstallation: no app ${setup.appId}; call addApp first`);
    const installation: InstallationRecord = { id: setup.id, app, account: this.users.get(setup.account), repositories: setup.repositories ?? "all" };
    this.installations.set(installation.id, installation);
    return installation;
  }

  /** The installation of `app` that covers a repository, if any. */
  installationFor(app: AppRecord, repository: TestRepository): InstallationRecord | undefined {
    return [...this.installations.values()].find((installation) => installation.app === app && covers(installation, repository));
  }

  userToken(login: string): string {
    return this.issue("ghp_", { kind: "user", user: this.users.get(login) });
  }

  actionsToken(repository: string, options: { write?: boolean } = {}): string {
    if (!this.repositories.has(repository.toLowerCase())) throw new Error(`actionsToken: no repository ${repository}; call addRepository first`);
    return this.issue("ghs_", { kind: "actions", repository, write: options.write ?? true, user: this.users.get(ACTIONS_BOT_LOGIN, ACTIONS_BOT_ID) });
  }

  installationToken(installationId: number): string {
    const installation = this.installations.get(installationId);
    if (!installation) throw new Error(`installationToken: no installation ${installationId}; call addInstallation first`);
    return this.issue("ghs_", { kind: "installation", installation, user: installation.app.bot });
  }

  private issue(prefix: string, principal: Principal): string {
    const token = `${prefix}${randomBytes(18).toString("base64url")}`;
    this.tokens.set(token, principal);
    return token;
  }

  /** Who the `Authorization` header speaks for, or GitHub's 401. */
  authenticate(authorization: string | undefined): { ok: true; principal: Principal } | { ok: false; error: GitHubError } {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization?.trim() ?? "");
    if (!match?.[1]) return { ok: false, error: githubError.requiresAuthentication() };
    const credential = match[1];
    if (credential.startsWith("eyJ") && credential.split(".").length === 3) {
      const check = verifyAppJwt(credential, (id) => this.apps.get(id)?.publicKey, Math.floor(this.clock().getTime() / 1000));
      if (!check.ok) return { ok: false, error: githubError.badJwt(check.message) };
      return { ok: true, principal: { kind: "app", app: this.apps.get(check.appId)! } };
    }
    const principal = this.tokens.get(credential);
    return principal ? { ok: true, principal } : { ok: false, error: githubError.badCredentials() };
  }
}

export function covers(installation: InstallationRecord, repository: TestRepository): boolean {
  if (installation.account.login.toLowerCase() !== repository.owner.login.toLowerCase()) return false;
  return installation.repositories === "all" || installation.repositories.some((name) => name.toLowerCase() === repository.name.toLowerCase());
}

/** A short name for logs and recorded requests; never the token itself. */
export function describePrincipal(principal: Principal): string {
  switch (principal.kind) {
    case "user":
      return `user:${principal.user.login}`;
    case "installation":
      return `installation:${principal.installation.id}`;
    case "actions":
      return `actions:${principal.repository}`;
    case "app":
      return `app:${principal.app.id}`;
  }
}
