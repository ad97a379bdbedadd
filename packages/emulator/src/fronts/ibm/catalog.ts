import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { IbmFront } from "./context.js";
import { json } from "./http.js";

/** The Global Catalog (filled in below the scaffold). */
export function catalogHandler(_front: IbmFront, _request: FrontRequest): Promise<FrontResponse> {
  return Promise.resolve(json(404, { message: "not found" }));
}
