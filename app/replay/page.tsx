import { ReplayView } from "@/components/replay/ReplayView";
import { processRecorder } from "@/lib/timeline/recorder";
import { shippedRecordings } from "@/lib/timeline/source";

export const dynamic = "force-dynamic";

/** `/replay[?name=rollout][&present=1]` — play a shipped lab recording, this server's own, or an upload. */
export default async function ReplayPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const shipped = shippedRecordings();
  const name = typeof params.name === "string" && shipped.includes(params.name) ? params.name : undefined;
  const hasServerRecording = Boolean(process.env.ROLLSCOPE_REPLAY) || processRecorder() !== undefined;
  return <ReplayView hasServerRecording={hasServerRecording} shipped={shipped} initialName={name} present={params.present === "1"} />;
}
