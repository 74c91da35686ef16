import { ReplayView } from "@/components/replay/ReplayView";
import { processRecorder } from "@/lib/timeline/recorder";

export const dynamic = "force-dynamic";

/** `/replay` — play a recording: the one `rollscope replay F` serves, this server's own, or an upload. */
export default async function ReplayPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const fromServer = Boolean(process.env.ROLLSCOPE_REPLAY) || processRecorder() !== undefined;
  return <ReplayView fromServer={fromServer} present={params.present === "1"} />;
}
