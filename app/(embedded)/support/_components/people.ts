"use client";

import useSWR from "swr";
import type { Translate } from "@/app/_components/lang-provider";
import type { ApiError } from "@/lib/client/api";
import { supportApi, type Person } from "@/lib/support/api-types";

/** Names of the people the console mentions by id (one user.get per session; ids while it loads or fails). */
export function usePeople() {
  const { data } = useSWR<{ items: Person[] }, ApiError>(supportApi.people, { revalidateIfStale: false });
  const people = data?.items ?? [];
  const byId = new Map(people.map((p) => [p.id, p]));
  return {
    people,
    name: (tr: Translate, id: number | null | undefined) => {
      if (!id) return tr("support.detail.nobody");
      const n = byId.get(id)?.name;
      return n ? `${n} (#${id})` : tr("support.detail.user", { id });
    },
  };
}
