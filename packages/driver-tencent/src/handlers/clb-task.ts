import type { CallContext } from "@cloud-barista/core/driver";
import type { DescribeTaskStatusResponse } from "tencentcloud-sdk-nodejs/tencentcloud/services/clb/v20180317/clb_models.js";
import type { ApiAnswer, TencentSession } from "../session.js";

/** DescribeTaskStatus' Status: 0 succeeded, 1 failed, 2 running. */
const taskStates = { 0: "success", 1: "failure", 2: "retry" } as const;

/**
 * Awaits a CLB task through the runtime's waiter: every mutating CLB call is asynchronous, and its
 * answer's RequestId is the task's id, polled with DescribeTaskStatus until it succeeds (or fails,
 * with Tencent's message) within the runtime's NLB deadline.
 */
export async function awaitTask(
  session: TencentSession,
  ctx: CallContext,
  answer: ApiAnswer,
  what: string,
): Promise<void> {
  const taskId = answer.RequestId;
  if (!taskId) return;
  await ctx.waitUntil<DescribeTaskStatusResponse>({
    description: `CLB task ${taskId} (${what}) to finish`,
    deadline: "nlb",
    read: () => session.call<DescribeTaskStatusResponse>(ctx, "DescribeTaskStatus", { TaskId: taskId }),
    accept: (s) => taskStates[Number(s.Status) as 0 | 1 | 2] ?? "retry",
    describeFailure: (s) => `${what} failed: ${s.Message || "task status 1"}`,
  });
}

/** A mutating CLB call and the wait for its task. */
export async function clbTask<T extends ApiAnswer>(
  session: TencentSession,
  ctx: CallContext,
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  const answer = await call();
  await awaitTask(session, ctx, answer, what);
  return answer;
}
