import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { emptyStore } from "@/lib/model";
import { rolloutsResponse } from "@/lib/response";
import { Overview } from "./Overview";
import { StagesByNamespace } from "./StagesByNamespace";

const response = rolloutsResponse(emptyStore(), { now: 0 });
const computing = { done: 40, total: 1_200, complete: false };
const done = { done: 1_200, total: 1_200, complete: true };

describe("ViewsPending: while the views come in slices", () => {
  it("the overview ends with one live status row saying how many views are computed", () => {
    const html = renderToStaticMarkup(<Overview response={response} showNamespace={false} progress={computing} />);
    expect(html).toContain(
      '<li class="views-pending muted" data-views-pending=""><span role="status">computing the views: 40 of 1,200…</span></li>',
    );
  });

  it("the stages end with the same note, not announced a second time", () => {
    const html = renderToStaticMarkup(
      <StagesByNamespace groups={[]} allNamespaces={false} summarise={false} findings={[]} now={0} durationMs={0} progress={computing} />,
    );
    expect(html).toContain('data-views-pending=""');
    expect(html).toContain('aria-hidden="true"');
    expect(html).not.toContain('role="status"');
  });

  it("says nothing once every view is computed, or when no progress is given (replay, past)", () => {
    for (const progress of [done, undefined]) {
      expect(renderToStaticMarkup(<Overview response={response} showNamespace={false} progress={progress} />)).not.toContain(
        "views-pending",
      );
      expect(
        renderToStaticMarkup(
          <StagesByNamespace
            groups={[]}
            allNamespaces={false}
            summarise={false}
            findings={[]}
            now={0}
            durationMs={0}
            progress={progress}
          />,
        ),
      ).not.toContain("views-pending");
    }
  });
});
