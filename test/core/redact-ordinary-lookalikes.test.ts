/**
 * The shapes added for the adversary's misses (env fallbacks, Go DSNs, keys named for what
 * they do, settings values up to the line's end, WordPress salts) leave their look-alikes
 * in ordinary code and settings alone.
 */
import { describe, expect, it } from "vitest";
import { redactInternals } from "../../src/core/redact/index.js";

const LOOKALIKES: Array<[line: string, flavour: "code" | "settings"]> = [
  [`const t = process.env.NEXT_TOKEN ?? 'a1b2c3d4e5f6g7h8';`, "code"],
  [`f(process.env.API_KEY, "Xk29fjQ0aLp3Zr8w")`, "code"],
  [`const secret = process.env.JWT_SECRET || "dev-secret";`, "code"],
  [`dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, db)`, "code"],
  [`dsn := "user:password@tcp(localhost:3306)/db"`, "code"],
  [`sessionKey: "user-session"`, "code"],
  [`define('AUTH_KEY', 'put your unique phrase here');`, "code"],
  [`existingSecret: my-release-postgresql`, "settings"],
  [`DB_PASSWORD=\${DB_PASSWORD:-changeme}`, "settings"],
  [`password: ENC[AES256_GCM,data:Zm9vYmFy,iv:abc,tag:def,type:str]`, "settings"],
  [`DB_PASSWORD=SomeDatabasePassword`, "settings"],
  [`SECRET_KEY_BASE=$(openssl rand -hex 64)`, "settings"],
  [`passwordEncoder: org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder`, "settings"],
];

describe("secret look-alikes of the newer shapes", () => {
  it.each(LOOKALIKES)("leaves %s alone", (line, flavour) => {
    expect(redactInternals.detect(line, flavour)).toEqual([]);
  });

  it("still finds the fallback when the call takes a default", () => {
    const value = ["Xk29f", "jQ0aLp3Zr8w"].join("");
    expect(redactInternals.detect(`x = os.environ.get("DB_PASSWORD", "${value}")`, "code")).toEqual(["assigned-secret"]);
  });
});
