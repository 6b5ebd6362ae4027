// The pictograms beside words on the participant's screens (join, waiting room, phone screen),
// for people who read little. Inline SVG from lucide-react, not emoji: an old phone without an emoji
// font showed empty boxes (issue 13). Each is decorative — the words beside it say it all — so
// screen readers skip it. Only the icons named here end up in the pages' scripts.
import {
  Ban,
  BicepsFlexed,
  CircleHelp,
  Compass,
  EyeOff,
  Flag,
  Footprints,
  HandHelping,
  Hourglass,
  Image,
  Lightbulb,
  Lock,
  MessageCircle,
  NotebookPen,
  Pencil,
  RefreshCw,
  Send,
  Star,
  ThumbsUp,
  Timer,
  Undo2,
  UserRound,
  Vote,
  Wifi,
  WifiOff,
  Wrench,
  type LucideIcon,
} from "lucide-react";

const PICTOGRAMS = {
  waiting: Hourglass,
  online: Wifi,
  reconnecting: RefreshCw,
  offline: WifiOff,
  stopped: Ban,
  person: UserRound,
  step: Compass,
  prompt: MessageCircle,
  board: Image,
  write: Pencil,
  idea: Lightbulb,
  send: Send,
  vote: Vote,
  star: Star,
  like: ThumbsUp,
  undo: Undo2,
  results: Flag,
  hidden: EyeOff,
  locked: Lock,
  notebook: NotebookPen,
  need: HandHelping,
  strength: BicepsFlexed,
  nextStep: Footprints,
  question: CircleHelp,
  practice: Wrench,
  timer: Timer,
} satisfies Record<string, LucideIcon>;

export type PictoName = keyof typeof PICTOGRAMS;

/** A pictogram beside words; `data-picto` names it for tests. */
export function Picto({ name }: { name: PictoName }) {
  const Icon = PICTOGRAMS[name];
  return <Icon aria-hidden="true" focusable="false" className="picto" data-picto={name} size="1.15em" strokeWidth={2.25} />;
}
