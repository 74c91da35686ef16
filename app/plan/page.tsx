import { PlanPage } from "@/components/plan/PlanPage";

export const dynamic = "force-dynamic";

/** `/plan` — paste or upload manifests and see the rollout they will cause before applying them (POST /api/plan). */
export default function Plan() {
  return <PlanPage />;
}
