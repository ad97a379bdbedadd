/**
 * A part a driver made alongside a resource (a floating IP, a port, a NIC, a boot volume) that
 * outlived it: a failed build's, or one a crash left behind. Clouds charge for some of them.
 */
export interface OrphanInfo {
  /** The cloud's word for it ("floatingip", "port"). */
  kind: string;
  /** Its id in the cloud. */
  id: string;
  /** What it was made for, as the driver marked it ("cloud-barista:<server id>"). */
  madeFor: string;
  /** A detail that helps a person recognise it (an address). */
  detail?: string;
  createdAt?: Date;
}
