/**
 * The model's provenance line (what it was trained on, from its unet-studio.json) with its card:
 * "See MODEL_CARD.md" becomes a link to the card served beside a model loaded from a URL, and
 * says where the card is for a model that came from files or from this browser.
 */
import { useStudio } from './studioContext';

const CARD_MENTION = /See MODEL_CARD\.md\.?/;

export function ModelCardLine({ testId }: { testId: string }) {
  const attribution = useStudio((s) => s.ready?.model.metadata.attribution ?? null);
  const entry = useStudio((s) => s.library.find((e) => e.id === s.activeModelId) ?? null);
  if (!attribution) return null;
  const mention = CARD_MENTION.exec(attribution);
  if (!mention) {
    return (
      <p className="muted small" data-testid={testId}>
        {attribution}
      </p>
    );
  }
  const before = attribution.slice(0, mention.index);
  const after = attribution.slice(mention.index + mention[0].length);
  // The card sits beside model.json (the bundled model's is served from public/models/<name>/).
  const card = entry?.source?.kind === 'url' ? new URL('MODEL_CARD.md', entry.source.url).href : null;
  return (
    <p className="muted small" data-testid={testId}>
      {before}
      {card ? (
        <a href={card} target="_blank" rel="noopener" data-testid={`${testId}.card`}>
          Model card (MODEL_CARD.md)
        </a>
      ) : (
        <span data-testid={`${testId}.card-place`}>Its card, MODEL_CARD.md, is in the folder the original model came with.</span>
      )}
      {after}
    </p>
  );
}
