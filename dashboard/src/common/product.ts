// The product's name, shown the same in both languages (the bureau's own usage).
export const PRODUCT_TITLE_ZH = '指挥中心';
export const PRODUCT_TITLE_EN = 'Field Command Centre';
