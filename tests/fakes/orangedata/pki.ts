/**
 * Test certificates for the fake Orange Data server, made with the `openssl` CLI in a temp dir:
 * a CA, a server certificate for 127.0.0.1/localhost, a client certificate signed by the CA, a "rogue" client
 * certificate from another CA (refused), and two RSA-2048 signing keys (the registered one and a wrong one).
 * Generated once per process (RSA key generation is the slow part).
 */
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface OrangePki {
  dir: string;
  /** Path of the CA certificate (for NODE_EXTRA_CA_CERTS) and its PEM (for an explicit `ca`). */
  caPath: string;
  caPem: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Client certificate + key issued by a different CA: the server must refuse it. */
  rogueClientCert: string;
  rogueClientKey: string;
  /** Private signing key (PEM, PKCS#8) whose public half the fake server knows. */
  signingKey: string;
  signingPublicKey: string;
  /** Another private key: signatures made with it do not verify. */
  otherSigningKey: string;
}

let cached: Promise<OrangePki> | undefined;

/** Whether the openssl CLI is available (the Orange tests need it). */
export async function hasOpenssl(): Promise<boolean> {
  try {
    await run("openssl", ["version"]);
    return true;
  } catch {
    return false;
  }
}

export function createOrangePki(): Promise<OrangePki> {
  cached ??= generate();
  return cached;
}

async function generate(): Promise<OrangePki> {
  const dir = await mkdtemp(path.join(tmpdir(), "fake-orange-pki-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const f = (name: string) => path.join(dir, name);
  const ssl = (...args: string[]) => run("openssl", args, { cwd: dir });
  const ca = (name: string, cn: string) =>
    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2", "-subj", `/CN=${cn}`,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
      "-keyout", f(`${name}.key`), "-out", f(`${name}.crt`));
  const leaf = async (name: string, cn: string, caName: string, ext: string) => {
    await writeFile(f(`${name}.ext`), ext);
    await ssl("req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-subj", `/CN=${cn}`, "-keyout", f(`${name}.key`), "-out", f(`${name}.csr`));
    await ssl("x509", "-req", "-in", f(`${name}.csr`), "-CA", f(`${caName}.crt`), "-CAkey", f(`${caName}.key`), "-set_serial",
      String(Date.now() % 1e9 + name.length), "-days", "2", "-sha256", "-extfile", f(`${name}.ext`), "-out", f(`${name}.crt`));
  };
  const signing = (name: string) => ssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", f(`${name}.key`));

  await Promise.all([ca("ca", "Fake Orange Data CA"), ca("rogue-ca", "Rogue CA"), signing("signing"), signing("other-signing")]);
  await Promise.all([
    leaf("server", "localhost", "ca", "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"),
    leaf("client", "7727401209", "ca", "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n"),
    leaf("rogue-client", "7727401209", "rogue-ca", "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n"),
    ssl("pkey", "-in", f("signing.key"), "-pubout", "-out", f("signing.pub")),
  ]);
  const read = (name: string) => readFile(f(name), "utf8");
  return {
    dir,
    caPath: f("ca.crt"),
    caPem: await read("ca.crt"),
    serverCert: await read("server.crt"),
    serverKey: await read("server.key"),
    clientCert: await read("client.crt"),
    clientKey: await read("client.key"),
    rogueClientCert: await read("rogue-client.crt"),
    rogueClientKey: await read("rogue-client.key"),
    signingKey: await read("signing.key"),
    signingPublicKey: await read("signing.pub"),
    otherSigningKey: await read("other-signing.key"),
  };
}
