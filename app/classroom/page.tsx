import { ClassroomGrid } from "@/components/classroom/ClassroomGrid";
import { loadLabs } from "@/lib/labs/load";
import { repoRoot } from "@/lib/labs/root";

export const dynamic = "force-dynamic";

/** `/classroom?prefix=student-` — the instructor's grid of learner namespaces. */
export default async function ClassroomPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  let labs: { id: string; title: string }[] = [];
  try {
    labs = loadLabs({ repoRoot: repoRoot() }).map((l) => ({ id: l.id, title: l.title }));
  } catch {
    // a broken lab file is reported by /api/labs; the grid still works without lab progress
  }
  return <ClassroomGrid initialPrefix={typeof params.prefix === "string" ? params.prefix : ""} labs={labs} />;
}
