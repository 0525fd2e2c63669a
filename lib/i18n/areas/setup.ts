// Messages of guided setup and readiness check. Russian first; the English map (setup-en.ts) is typed against it, so a missing translation fails `tsc`.
export const setupRu = {
  "nav.setup": "Готовность",

  "setup.title": "Подключение кассы",
  "setup.lead": "Три шага до первого чека: касса и доступ к провайдеру, проверка подключения, проверка готовности.",
  "setup.step.cashbox": "Касса и доступ",
  "setup.step.connection": "Подключение",
  "setup.step.readiness": "Готовность",
  "setup.stepOf": "Шаг {n} из 3",
  "setup.next": "Далее",
  "setup.toReadiness": "Далее: проверка готовности",
  "setup.connection.text":
    "Касса сохранена и зарегистрирована в Битрикс24. Нажмите «Проверить подключение»: приложение получит токен у провайдера с введёнными данными.",
  "setup.toSettings": "Перейти к настройкам",
  "setup.readOnly": "Подключать кассу может только администратор портала",

  "readiness.title": "Проверка готовности",
  "readiness.lead": "Что нужно, чтобы Битрикс24 печатал чеки сам. Каждый пункт с ошибкой подсказывает, что сделать.",
  "readiness.refresh": "Проверить снова",
  "readiness.ready": "Всё готово: чеки будут печататься автоматически при оплате в CRM.",
  "readiness.notReady": "Есть пункты, которые нужно исправить: {count}.",
  "readiness.loadError": "Не удалось выполнить проверку готовности",
  "readiness.openSettings": "Открыть настройки кассы",
  "readiness.fromSettings": "Проверка готовности",
  "readiness.status.ok": "Готово",
  "readiness.status.warn": "Внимание",
  "readiness.status.fail": "Нужно исправить",
  "readiness.status.pending": "Проверяется",

  "readiness.cashbox.title": "Касса подключена",
  "readiness.cashbox.missing": "Касса ещё не добавлена. Добавьте её на шаге «Касса и доступ».",
  "readiness.cashbox.noCredentials": "У кассы «{name}» нет учётных данных провайдера. Откройте её в настройках и введите логин и пароль заново.",
  "readiness.cashbox.test": "Касса «{name}» в тестовом режиме: чеки уходят в тестовую среду провайдера и не попадают в налоговую.",
  "readiness.cashbox.live": "Касса «{name}» в боевом режиме.",

  "readiness.vat.title": "Ставки НДС каталога сопоставлены",
  "readiness.vat.noCashbox": "Сначала добавьте кассу.",
  "readiness.vat.unknown": "Не удалось прочитать ставки НДС каталога Битрикс24 (catalog.vat.list). Проверьте права приложения и повторите.",
  "readiness.vat.unmapped":
    "Для ставок {names} не выбрана ставка в чеке — чеки с ними не будут пробиты. Откройте настройки кассы и выберите ставку в разделе «Ставки НДС».",
  "readiness.vat.mapped": "Все ставки каталога ({count}) сопоставлены со ставками чека.",

  "readiness.contact.title": "Контакт покупателя для чека",
  "readiness.contact.noCashbox": "Сначала добавьте кассу.",
  "readiness.contact.email_or_phone": "Чек уходит на e-mail контакта сделки, а если его нет — на телефон.",
  "readiness.contact.email_only": "Чек уходит только на e-mail контакта сделки: без e-mail чек не будет пробит.",
  "readiness.contact.phone_only": "Чек уходит только на телефон контакта сделки: без телефона чек не будет пробит.",

  "readiness.ofd.title": "ОФД для ссылок на чек",
  "readiness.ofd.noCashbox": "Касса ещё не зарегистрирована в Битрикс24 — сохраните её в настройках.",
  "readiness.ofd.unknown": "Не удалось прочитать кассу в Битрикс24 (sale.cashbox.list). Повторите проверку позже.",
  "readiness.ofd.missing":
    "У кассы в Битрикс24 не выбран оператор фискальных данных: Битрикс24 строит по нему ссылку на чек в CRM. Выберите ОФД, с которым у вас договор.",
  "readiness.ofd.chosen": "Выбран ОФД: {ofd}.",
  "readiness.ofd.label": "Оператор фискальных данных",
  "readiness.ofd.save": "Выбрать ОФД",
  "readiness.ofd.bx_firstofd": "Первый ОФД",
  "readiness.ofd.bx_platformaofd": "Платформа ОФД",
  "readiness.ofd.bx_yarusofd": "ОФД «Ярус»",
  "readiness.ofd.bx_taxcomofd": "Такском",
  "readiness.ofd.bx_ofdruofd": "OFD.ru",
  "readiness.ofd.bx_tenzorofd": "Тензор",
  "readiness.ofd.bx_conturofd": "Контур.ОФД",

  "readiness.salesCenter.title": "Касса активна в Битрикс24",
  "readiness.salesCenter.noCashbox": "Сначала добавьте кассу.",
  "readiness.salesCenter.unknown": "Не удалось прочитать список касс Битрикс24 (sale.cashbox.list). Повторите проверку позже.",
  "readiness.salesCenter.notRegistered":
    "Касса не найдена в CRM → Платежи и доставка → Кассы. Откройте её в настройках и сохраните ещё раз — приложение зарегистрирует её снова.",
  "readiness.salesCenter.inactive": "Касса в Битрикс24 выключена. Включите её в CRM → Платежи и доставка → Кассы или сохраните её в настройках приложения.",
  "readiness.salesCenter.active": "Касса есть в CRM → Платежи и доставка → Кассы и включена.",

  "readiness.autoPrint.title": "Автоматическая печать при оплате",
  "readiness.autoPrint.explain":
    "Битрикс24 печатает чек сам, когда платёж оплачен, если: все активные кассы портала поддерживают ФФД 1.05 (SUPPORTS_FFD105 — иначе нет чеков предоплаты и аванса) и в заказе один платёж (при двух и более платежах автоматический чек не создаётся — его пробивают со вкладки сделки). Платёжная система должна разрешать печать чеков.",
  "readiness.autoPrint.unknown": "Не удалось прочитать обработчик кассы в Битрикс24 (sale.cashbox.handler.list). Повторите проверку позже.",
  "readiness.autoPrint.noFfd105":
    "Обработчик кассы приложения зарегистрирован без поддержки ФФД 1.05. Переустановите приложение — оно зарегистрирует обработчик заново.",
  "readiness.autoPrint.otherCashboxes":
    "На портале активны другие кассы ({count}). Если хоть одна из них не поддерживает ФФД 1.05, Битрикс24 не печатает чеки предоплаты и аванса ни на одной кассе. Отключите лишние кассы в CRM → Платежи и доставка → Кассы.",
  "readiness.autoPrint.severalPayments":
    "Заказов с несколькими платежами: {count}. По ним Битрикс24 не печатает чеки автоматически — пробейте их со вкладки «Чеки» в сделке.",
  "readiness.autoPrint.ready": "Обработчик поддерживает ФФД 1.05, других активных касс нет.",

  "readiness.testReceipt.title": "Тестовый чек пробит",
  "readiness.testReceipt.noCashbox": "Сначала добавьте кассу.",
  "readiness.testReceipt.none": "Отправьте тестовый чек на 1 ₽: он пройдёт весь путь — очередь, провайдер, фискальные данные.",
  "readiness.testReceipt.liveMode": "Касса в боевом режиме: тестовый чек стал бы настоящим. Проверьте кассу в тестовом режиме или пробейте первый реальный чек.",
  "readiness.testReceipt.fiscalised": "Тестовый чек пробит {at}.",
  "readiness.testReceipt.failed": "Тестовый чек не пробит: {error}. Проверьте данные кассы и отправьте снова.",
  "readiness.testReceipt.pending": "Тестовый чек отправлен, ждём ответа кассы…",
  "readiness.testReceipt.send": "Пробить тестовый чек",
  "readiness.testReceipt.again": "Пробить ещё раз",
} satisfies Record<string, string>;
