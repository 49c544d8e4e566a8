// Polkadot.js type augmentation for the Substrate (kitchensink) runtime: typed api.tx/query/createType.
import '@polkadot/api-augment/substrate';
