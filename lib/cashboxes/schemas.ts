import { z } from "zod";
import { isValidInn } from "./inn";

// Request bodies of /api/cashboxes. Messages are shown next to the fields, so they are Russian and specific.

export const VAT_CODES = ["none", "vat0", "vat5", "vat7", "vat10", "vat20", "vat22"] as const;
export const TAX_SYSTEMS = ["osn", "usn_income", "usn_income_outcome", "esn", "patent"] as const;
export const CONTACT_POLICIES = ["email_or_phone", "email_only", "phone_only"] as const;

const required = (what: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? `Укажите ${what}` : `Некорректное значение: ${what}`) });

const text = (what: string, max: number) =>
  z
    .string(required(what))
    .trim()
    .min(1, `Укажите ${what}`)
    .max(max, `Не длиннее ${max} символов`);

export const innSchema = z
  .string(required("ИНН"))
  .trim()
  .regex(/^\d{10}$|^\d{12}$/, "ИНН — 10 цифр для организации или 12 для ИП")
  .refine(isValidInn, "Неверная контрольная сумма ИНН");

export const companySchema = z.object({
  inn: innSchema,
  sno: z.enum(TAX_SYSTEMS, { error: "Выберите систему налогообложения" }),
  paymentAddress: text("адрес расчётов", 256),
  email: z.email({ error: "Укажите e-mail организации" }).max(64, "Не длиннее 64 символов"),
});

export const atolCredentialsSchema = z.object({
  login: text("логин", 100),
  password: text("пароль", 200),
  groupCode: text("код группы", 100),
});

const pem = (what: string, kind: RegExp) =>
  z
    .string(required(what))
    .trim()
    .max(20_000, "Файл слишком большой")
    .refine((v) => kind.test(v), `Нужен ${what} в формате PEM (-----BEGIN …-----)`);

/** Orange Data: group, mutual-TLS certificate and key, and the RSA key that signs every request (all PEM). */
export const orangeCredentialsSchema = z.object({
  group: text("группу касс", 100),
  key: z.string().trim().max(100).optional(),
  clientCert: pem("сертификат клиента", /-----BEGIN CERTIFICATE-----/),
  clientKey: pem("ключ сертификата", /-----BEGIN (RSA |EC )?PRIVATE KEY-----/),
  signingKey: pem("ключ подписи", /-----BEGIN (RSA )?PRIVATE KEY-----/),
});

/** Credentials per provider; which of their fields are secret (sealed, write-only) is in credentials.ts. */
export const CREDENTIAL_SCHEMAS = {
  atol: atolCredentialsSchema,
  evotor: atolCredentialsSchema,
  orangedata: orangeCredentialsSchema,
  sandbox: z.object({}),
} as const;

const vatMapSchema = z.record(z.string().regex(/^\d{1,9}$/, "Неизвестный идентификатор ставки"), z.enum(VAT_CODES, { error: "Выберите ставку НДС" }));

const common = {
  name: text("название", 100),
  mode: z.enum(["test", "live"], { error: "Выберите режим: тестовый или боевой" }),
  company: companySchema,
  vatMap: vatMapSchema.optional(),
  contactPolicy: z.enum(CONTACT_POLICIES).default("email_or_phone"),
  active: z.boolean().default(true),
};

export const createCashboxSchema = z.discriminatedUnion(
  "provider",
  [
    z.object({ ...common, provider: z.literal("atol"), credentials: atolCredentialsSchema }),
    z.object({ ...common, provider: z.literal("evotor"), credentials: atolCredentialsSchema }),
    z.object({ ...common, provider: z.literal("orangedata"), credentials: orangeCredentialsSchema }),
    // The sandbox never fiscalises: it is always in test mode and needs no credentials.
    z.object({ ...common, provider: z.literal("sandbox"), mode: z.literal("test").default("test"), credentials: z.object({}).default({}) }),
  ],
  { error: "Выберите провайдера: atol, evotor, orangedata или sandbox" },
);

export const updateCashboxSchema = z.object({
  name: text("название", 100).optional(),
  mode: z.enum(["test", "live"]).optional(),
  /** Checked against the profile's provider after merging with the stored values (empty secrets keep the stored ones). */
  credentials: z.record(z.string(), z.string().max(20_000)).optional(),
  company: companySchema.partial().optional(),
  vatMap: vatMapSchema.optional(),
  contactPolicy: z.enum(CONTACT_POLICIES).optional(),
  active: z.boolean().optional(),
});

export type CreateCashboxInput = z.infer<typeof createCashboxSchema>;
export type UpdateCashboxInput = z.infer<typeof updateCashboxSchema>;
