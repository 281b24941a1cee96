import type { OfferRequest, OfferSignature } from '../../src-shared/signing/offer-request';
import { signLegacyPromotionalOffer } from './legacy-promotional-offer';
import type { OfferSigningInput } from './signing-input';
import { signAdvancedCommerceRequest, signIntroductoryOfferEligibility, signPromotionalOfferV2 } from './storekit-jws';

/** The one entry point for StoreKit signatures: picks the offer kind's signer. */
export async function signOffer(input: OfferSigningInput<OfferRequest>): Promise<OfferSignature> {
  const { request } = input;
  switch (request.kind) {
    case 'legacy':
      return signLegacyPromotionalOffer({ ...input, request });
    case 'promo-v2':
      return signPromotionalOfferV2({ ...input, request });
    case 'intro-eligibility':
      return signIntroductoryOfferEligibility({ ...input, request });
    case 'advanced-commerce':
      return signAdvancedCommerceRequest({ ...input, request });
  }
}
