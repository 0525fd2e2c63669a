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

const vatMapSchema = z.record(z.string().regex(/^\d{1,9}$/, "Неизвестный идентификатор ставки"), z.enum(VAT_CODES, { error: "Выберите ставку НДС" }));

export const createCashboxSchema = z.object({
  name: text("название", 100),
  provider: z.literal("atol", { error: "Поддерживается провайдер АТОЛ Онлайн (atol)" }),
  mode: z.enum(["test", "live"], { error: "Выберите режим: тестовый или боевой" }),
  credentials: atolCredentialsSchema,
  company: companySchema,
  vatMap: vatMapSchema.optional(),
  contactPolicy: z.enum(CONTACT_POLICIES).default("email_or_phone"),
  active: z.boolean().default(true),
});

export const updateCashboxSchema = z.object({
  name: text("название", 100).optional(),
  mode: z.enum(["test", "live"]).optional(),
  credentials: atolCredentialsSchema.partial().optional(),
  company: companySchema.partial().optional(),
  vatMap: vatMapSchema.optional(),
  contactPolicy: z.enum(CONTACT_POLICIES).optional(),
  active: z.boolean().optional(),
});

export type CreateCashboxInput = z.infer<typeof createCashboxSchema>;
export type UpdateCashboxInput = z.infer<typeof updateCashboxSchema>;
