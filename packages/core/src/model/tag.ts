import type { IID, ResourceType, Tags } from "./common.js";

/** One tag: a key and its value. */
export interface TagInfo {
  key: string;
  value: string;
}

/** A resource found by a tag search, with all its tags. */
export interface TaggedResource {
  resourceType: ResourceType;
  iid: IID;
  tags: Tags;
}
