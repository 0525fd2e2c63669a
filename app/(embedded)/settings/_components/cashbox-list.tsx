"use client";

import { Button } from "@/app/_components/button";
import { Card } from "@/app/_components/card";
import { useT } from "@/app/_components/lang-provider";
import type { Cashbox } from "@/lib/client/api";
import { CashboxItem } from "./cashbox-item";

type CashboxListProps = {
  items: Cashbox[];
  canWrite: boolean;
  onAdd: () => void;
  onOpen: (cashbox: Cashbox) => void;
  onDeleted: (cashbox: Cashbox) => void;
};

export function CashboxList({ items, canWrite, onAdd, onOpen, onDeleted }: CashboxListProps) {
  const tr = useT();

  if (items.length === 0) {
    return (
      <Card>
        <div className="empty">
          <h2>{tr("settings.empty.title")}</h2>
          <p>{tr("settings.empty.text")}</p>
          {canWrite && (
            <Button variant="primary" onClick={onAdd}>
              {tr("settings.add")}
            </Button>
          )}
        </div>
      </Card>
    );
  }

  return (
    <Card padded={false}>
      <ul className="cashbox-list">
        {items.map((cashbox) => (
          <CashboxItem
            key={cashbox.id}
            cashbox={cashbox}
            canWrite={canWrite}
            onOpen={() => onOpen(cashbox)}
            onDeleted={onDeleted}
          />
        ))}
      </ul>
    </Card>
  );
}
