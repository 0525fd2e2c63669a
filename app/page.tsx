import { Card } from "@/app/_components/card";

// Public landing at "/": static, so it answers GET and HEAD with 200 (a Bitrix24 Market requirement).
// Bilingual on one page because there is no user or portal to pick a language from.
export const dynamic = "force-static";

export default function LandingPage() {
  return (
    <main className="public">
      <Card as="div">
        <h1>Облачная касса для Битрикс24</h1>
        <p className="lead">
          Приложение печатает чеки 54-ФЗ через облачную кассу АТОЛ Онлайн, когда покупатель оплачивает сделку в CRM Битрикс24.
        </p>
        <p>
          Для компаний и ИП, которые принимают оплату в CRM Битрикс24 — например, по ссылке на оплату из сделки — и обязаны
          выдавать кассовые чеки.
        </p>
        <ul>
          <li>Нужен договор с АТОЛ Онлайн: логин, пароль и код группы из личного кабинета.</li>
          <li>Подключает кассу администратор портала Битрикс24.</li>
        </ul>
        <p>
          Откройте приложение из Битрикс24 (<span className="path">CRM → Платежи и доставка → Кассы</span>).
        </p>

        <div className="lang-divider" lang="en">
          English
        </div>
        <div lang="en" className="stack" style={{ gap: 14 }}>
          <h2>Cloud cash register for Bitrix24</h2>
          <p className="lead">
            The app prints 54-FZ fiscal receipts through the ATOL Online cloud cash register when a buyer pays a deal in Bitrix24
            CRM.
          </p>
          <p>
            For companies and sole traders in Russia who take payments in Bitrix24 CRM — for example through a payment link sent
            from a deal — and must issue fiscal receipts.
          </p>
          <ul>
            <li>You need an ATOL Online contract: the login, password and group code from its dashboard.</li>
            <li>A Bitrix24 portal administrator connects the cash register.</li>
          </ul>
          <p>
            Open the app from Bitrix24 (<span className="path">CRM → Payments and delivery → Cash registers</span>).
          </p>
        </div>
      </Card>
    </main>
  );
}
